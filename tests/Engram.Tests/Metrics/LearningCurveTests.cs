using Engram.Experiments;
using Engram.Metrics;
using Engram.Models;
using Engram.Tasks;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Metrics;

/// <summary>
/// <see cref="ContinualRun"/>'s untrained baseline, learning curves and timings, on a two-task synthetic stream driven
/// the way a generated loop drives it (40 training samples at batch 10 for 2 epochs: 8 steps per task).
/// </summary>
[Collection(Performance.SerialPerformanceCollection.Name)]
public class LearningCurveTests
{
    public LearningCurveTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Curves_hold_the_untrained_point_every_nth_step_and_each_task_end()
    {
        ExperimentResult result = RunSynthetic(curveEvery: 3);

        CurvePoint[] points = result.Curves.Points.ToArray();
        // Step 0; task 0 at steps 3, 6 and its end 8; task 1 at 8 + 3, 8 + 6 and its end 16. (Step 8 of a task is its last,
        // which the task's row covers, so it is not evaluated twice.)
        Assert.Equal([0, 3, 6, 8, 11, 14, 16], points.Select(p => p.Step));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], points.Select(p => p.Task));
        Assert.Equal([true, false, false, true, false, false, true], points.Select(p => p.Boundary));
        Assert.Equal([0, 0, 1, 1, 0, 1, 1], points.Select(p => p.Epoch));
        Assert.Null(points[0].TrainLoss);
        Assert.All(points.Skip(1), p => Assert.True(p.TrainLoss > 0));
        Assert.All(points, p => Assert.Equal(2, p.Accuracy.Count));
        Assert.Equal([8, 16], result.Curves.TaskEnds);
        Assert.Equal(3, result.Curves.Every);

        // The boundary points are the accuracy-matrix rows, and step 0 is the untrained baseline.
        Assert.Equal(result.Accuracy.Row(0), points[3].Accuracy);
        Assert.Equal(result.Accuracy.Row(1), points[6].Accuracy);
        Assert.Equal(result.BaselineAccuracy, points[0].Accuracy);
        Assert.Equal(["first", "second"], result.TaskNames);
        Assert.NotNull(result.Metrics.Fwt);
    }

    [Fact]
    public void Curve_evaluations_do_not_change_the_run_and_their_time_is_kept_apart()
    {
        ExperimentResult without = RunSynthetic(curveEvery: 0);
        ExperimentResult with = RunSynthetic(curveEvery: 1);

        Assert.Equal(without.Accuracy.ToRows(), with.Accuracy.ToRows());
        Assert.Equal(3, without.Curves.Points.Count);
        Assert.Equal(1 + 2 * 8, with.Curves.Points.Count);
        Assert.All(without.Timings, t => Assert.Equal(0, t.CurveSeconds));
        Assert.All(with.Timings, t => Assert.True(t.CurveSeconds > 0));
        Assert.All(with.Timings, t => Assert.Equal(t.TrainSeconds + t.ConsolidateSeconds + t.EvaluateSeconds + t.CurveSeconds, t.TotalSeconds, 12));
    }

    [Fact]
    public void Points_inside_a_task_score_a_fixed_test_subset_and_task_ends_the_whole_test_set()
    {
        ExperimentResult whole = RunSynthetic(curveEvery: 2, curveSamples: 0);
        ExperimentResult subset = RunSynthetic(curveEvery: 2, curveSamples: 10);

        Assert.Equal(0, whole.Curves.Samples);
        Assert.Equal(10, subset.Curves.Samples);
        // Drawing the subsets changes nothing else in the run.
        Assert.Equal(whole.Accuracy.ToRows(), subset.Accuracy.ToRows());
        Assert.Equal(whole.BaselineAccuracy, subset.BaselineAccuracy);
        // 10 samples: accuracies inside a task are multiples of 0.1; the 30-sample test sets give multiples of 1/30 at the ends.
        Assert.All(subset.Curves.Points.Where(p => !p.Boundary).SelectMany(p => p.Accuracy), a => Assert.Equal(Math.Round(a * 10), a * 10, 9));
        Assert.Equal(whole.Curves.Points.Where(p => p.Boundary).Select(p => p.Accuracy), subset.Curves.Points.Where(p => p.Boundary).Select(p => p.Accuracy));
    }

    [Fact]
    public void The_default_interval_gives_five_points_per_task()
    {
        ExperimentResult result = RunSynthetic(curveEvery: null);

        // ceil(8 / 5) = 2: steps 2, 4, 6 inside each task, then its end.
        Assert.Equal(2, result.Curves.Every);
        Assert.Equal([0, 2, 4, 6, 8, 10, 12, 14, 16], result.Curves.Points.Select(p => p.Step));
    }

    [Fact]
    public void Without_watch_there_is_no_baseline_and_only_boundaries()
    {
        ExperimentResult result = RunSynthetic(curveEvery: 3, watch: false);

        Assert.Null(result.BaselineAccuracy);
        Assert.Null(result.Metrics.Fwt);
        Assert.Equal([8, 16], result.Curves.Points.Select(p => p.Step));
    }

    /// <summary>Two 3-class tasks on 4 features: the label is the arg-max of the first three features, or of them reversed.</summary>
    private static ExperimentResult RunSynthetic(int? curveEvery, bool watch = true, int? curveSamples = null)
    {
        var context = RunContext.Default with { Threads = 1, CurveEvery = curveEvery, CurveSamples = curveSamples };
        using var run = new ContinualRun("Synthetic", new { Tasks = 2 }, seed: 7, context);
        using var data = NewDisposeScope();
        var generator = new Generator(123);
        ContinualTask Task(int index, string name, bool reversed)
        {
            LabeledSet Set(int n)
            {
                Tensor x = rand([n, 4], generator: generator);
                Tensor scores = reversed ? x.narrow(1, 0, 3).flip(1) : x.narrow(1, 0, 3);
                return new LabeledSet(x, scores.argmax(1));
            }

            return new ContinualTask(index, name, Set(40), Set(30));
        }

        ContinualTask[] tasks = [Task(0, "first", false), Task(1, "second", true)];
        using var model = new Mlp(4, [8], 3);
        if (watch)
            run.Watch(model, tasks);
        foreach (ContinualTask task in tasks)
        {
            run.BeginTask(task, tasks.Length, epochs: 2, batchSize: 10);
            using var optimizer = optim.Adam(model.parameters(), lr: 0.01);
            for (int epoch = 0; epoch < 2; epoch++)
            {
                foreach (Minibatch batch in task.Train.Shuffled(10, run.Generator))
                {
                    using var step = NewDisposeScope();
                    optimizer.zero_grad();
                    Tensor loss = nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels);
                    loss.backward();
                    optimizer.step();
                    run.StepDone(epoch, loss);
                }
            }

            run.EndTraining();
            run.EvaluateAll(model, tasks);
        }

        return run.Finish();
    }
}
