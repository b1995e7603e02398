// libtorch's thread count is process-wide and the snapshot tests fix it to 1: nothing in this assembly runs in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
