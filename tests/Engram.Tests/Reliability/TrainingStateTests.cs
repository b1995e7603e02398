using Engram.Dsl;
using Engram.Importance;
using Engram.Masks;
using Engram.Models;
using Engram.Regularizers;
using Engram.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Tests.Reliability;

/// <summary>Checkpoint files and the state of every stateful training component survive a save and a load exactly.</summary>
public sealed class TrainingStateTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "engram-state-" + Guid.NewGuid().ToString("N"));

    public TrainingStateTests() => TorchRuntime.EnsureLoaded();

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Tensors_bytes_and_values_of_every_type_round_trip_exactly()
    {
        using var generator = new Generator(3);
        using Tensor floats = randn([3, 4], generator: generator);
        using Tensor doubles = randn([5], dtype: ScalarType.Float64, generator: generator);
        using Tensor flags = rand([2, 2], generator: generator).gt(0.5);
        using Tensor longs = randint(0, 1000, [7], dtype: ScalarType.Int64, generator: generator);
        using Tensor state = generator.get_state();
        using var written = new TrainingState();
        written.Set("a/floats", floats);
        written.Scope("b").Set("doubles", doubles);
        written.Set("flags", flags);
        written.Set("longs", longs);
        written.Set("generator", state);
        written.SetBytes("blob", [1, 2, 3]);
        written.SetJson("value", 0.1 + 0.2);

        using var buffer = new MemoryStream();
        written.WriteTo(buffer);
        buffer.Position = 0;
        using TrainingState read = TrainingState.ReadFrom(buffer);

        Assert.Equal(written.Keys, read.Keys);
        Assert.True(read.Get("a/floats", floats).eq(floats).all().item<bool>());
        Assert.True(read.Scope("b").Get("doubles", doubles).eq(doubles).all().item<bool>());
        Assert.True(read.Get("flags", flags).eq(flags).all().item<bool>());
        Assert.True(read.Get("longs", longs).eq(longs).all().item<bool>());
        Assert.True(read.Get("generator", state).eq(state).all().item<bool>());
        Assert.Equal(new byte[] { 1, 2, 3 }, read.GetBytes("blob"));
        Assert.Equal(0.1 + 0.2, read.GetJson<double>("value"));
        var error = Assert.Throws<CheckpointException>(() => read.Get("a/floats", doubles));
        Assert.Contains("the checkpoint's tensor 'a/floats' is Float32 [3, 4]; the run has Float64 [5]", error.Message);
        Assert.Throws<CheckpointException>(() => read.Get("missing"));
    }

    [Fact]
    public void A_damaged_state_file_is_refused_by_its_hash()
    {
        string directory = WriteCheckpoint(completed: 1);
        string state = Directory.GetFiles(directory, "state-*.bin").Single();
        byte[] bytes = File.ReadAllBytes(state);
        bytes[^1] ^= 1;
        File.WriteAllBytes(state, bytes);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Read(directory));
        Assert.Contains("is damaged", error.Message);
    }

    [Fact]
    public void A_crash_before_the_manifest_is_replaced_leaves_the_previous_checkpoint_readable()
    {
        string directory = WriteCheckpoint(completed: 1);
        // What a process killed after writing the next state file, before renaming the next manifest, leaves behind.
        File.WriteAllBytes(Path.Combine(directory, "state-29990101000000000-half.bin"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(directory, ".checkpoint.json.0123.tmp"), "{ \"format\": ");

        using Checkpoint read = Checkpoint.Read(directory);
        Assert.Equal(1, read.Manifest.CompletedTasks);

        WriteCheckpoint(completed: 2);
        using Checkpoint next = Checkpoint.Read(directory);
        Assert.Equal(2, next.Manifest.CompletedTasks);
        Assert.Single(Directory.GetFiles(directory, "state-*.bin")); // the next write cleans up
    }

    [Fact]
    public void A_missing_or_malformed_manifest_is_a_checkpoint_exception()
    {
        Directory.CreateDirectory(folder);
        Assert.Contains("holds no checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Read(folder)).Message);
        File.WriteAllText(Path.Combine(folder, Checkpoint.ManifestFile), "not json");
        Assert.Contains("is not a valid checkpoint manifest", Assert.Throws<CheckpointException>(() => Checkpoint.Read(folder)).Message);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void Optimizer_state_saved_mid_training_continues_bit_identically(string kind)
    {
        manual_seed(12);
        using var generator = new Generator(12);
        using Tensor x = randn([64, 10], generator: generator);
        using Tensor y = randint(0, 3, [64], dtype: ScalarType.Int64, generator: generator);
        using var model = new Mlp(10, [8], 3);
        using var copy = new Mlp(10, [8], 3);
        using OptimizerHelper optimizer = Make(kind, model);
        Steps(model, optimizer, x, y, 5);

        // Save model and optimizer, load them into a fresh pair, then take the same steps with both.
        using var state = new TrainingState();
        foreach ((string name, Tensor t) in model.state_dict())
            state.Set(name, t);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        foreach ((string name, Tensor t) in copy.state_dict())
            state.CopyTo(name, t);
        using OptimizerHelper restored = Make(kind, copy);
        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer))
            restored.load_state_dict(reader);

        Steps(model, optimizer, x, y, 5);
        Steps(copy, restored, x, y, 5);
        foreach (var ((_, a), (_, b)) in model.named_parameters().Zip(copy.named_parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"{kind}: parameters differ after resuming the optimizer");
    }

    [Fact]
    public void Offline_and_online_ewc_and_a_gradient_mask_restore_to_the_same_penalty_and_frozen_values()
    {
        manual_seed(13);
        using var model = new Mlp(6, [5], 3);
        using var offline = new OfflineEwc(model, 10);
        using var online = new OnlineEwc(model, 10, 0.9);
        using var mask = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Union));
        for (int task = 0; task < 2; task++)
        {
            using (no_grad())
            {
                foreach (var p in model.parameters())
                    p.add_(randn(p.shape) * 0.1);
            }

            using ParameterImportance fisher = new(model.named_parameters().Select(p => KeyValuePair.Create(p.name, rand(p.parameter.shape))), "test", 1);
            offline.Consolidate(fisher);
            online.Consolidate(fisher);
            mask.Update(fisher, task);
        }

        using var state = new TrainingState();
        offline.SaveState(state.Scope("offline"));
        online.SaveState(state.Scope("online"));
        mask.SaveState(state.Scope("mask"));
        using var offline2 = new OfflineEwc(model, 10);
        using var online2 = new OnlineEwc(model, 10, 0.9);
        using var mask2 = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Union));
        offline2.LoadState(state.Scope("offline"));
        online2.LoadState(state.Scope("online"));
        mask2.LoadState(state.Scope("mask"));

        using (no_grad())
        {
            foreach (var p in model.parameters())
                p.add_(randn(p.shape) * 0.1);
        }

        Assert.Equal(offline.Penalty().item<float>(), offline2.Penalty().item<float>());
        Assert.Equal(offline.Constant, offline2.Constant);
        Assert.Equal(offline.Tasks, offline2.Tasks);
        Assert.Equal(online.Penalty().item<float>(), online2.Penalty().item<float>());
        Assert.Equal(mask.FrozenFraction, mask2.FrozenFraction);
        for (int l = 0; l < model.Layers.Count; l++)
        {
            (Tensor w, Tensor b) = mask.FrozenFlags(l);
            (Tensor w2, Tensor b2) = mask2.FrozenFlags(l);
            Assert.True(w.eq(w2).all().item<bool>() && b.eq(b2).all().item<bool>());
        }

        // Restoring writes back the values stored when they froze: the same with either mask.
        float[][] before = model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
        mask.RestoreFrozen();
        float[][] byFirst = model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
        using (no_grad())
        {
            foreach (var (p, values) in model.parameters().Zip(before))
                p.copy_(tensor(values, p.shape));
        }

        mask2.RestoreFrozen();
        float[][] bySecond = model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
        Assert.Equal(byFirst, bySecond);
    }

    private string WriteCheckpoint(int completed)
    {
        string directory = Path.Combine(folder, "checkpoint");
        using var state = new TrainingState();
        using Tensor t = arange(10);
        state.Set("x", t);
        var manifest = new CheckpointManifest
        {
            Experiment = "Test",
            Spec = System.Text.Json.JsonSerializer.SerializeToElement(new { Seed = 1 }),
            Seed = 1,
            Threads = 1,
            WrittenUtc = DateTimeOffset.UtcNow,
            Reason = "task finished",
            Tasks = 3,
            CompletedTasks = completed,
            Progress = new RunProgress { Rows = [], Metric = Engram.Metrics.TaskMetric.Accuracy, TaskNames = [], Timings = [], CurvePoints = [], TaskEnds = [], Significance = [] },
        };
        Checkpoint.Write(directory, manifest, state);
        return directory;
    }

    private static OptimizerHelper Make(string kind, Mlp model) => kind == "adam"
        ? optim.Adam(model.parameters(), lr: 1e-2)
        : optim.SGD(model.parameters(), 1e-2, momentum: 0.9);

    private static void Steps(Mlp model, OptimizerHelper optimizer, Tensor x, Tensor y, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
