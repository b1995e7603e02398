// torch's default generator (initial weights) is process-global: two runs training at once would draw each other's
// numbers, so a run would no longer be reproducible from its seed. The tests of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
