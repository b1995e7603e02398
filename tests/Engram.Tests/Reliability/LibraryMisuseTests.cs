using Engram.Data;
using Engram.Dsl;
using Engram.Experiments;
using Engram.Importance;
using Engram.Metrics;
using Engram.Models;
using Engram.Regularizers;
using Engram.Tasks;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Reliability;

/// <summary>
/// Public runtime APIs called wrongly throw an <see cref="ArgumentException"/> that names the parameter and, for
/// tensors, the shape expected and the shape given, instead of a libtorch error from deep inside.
/// </summary>
public class LibraryMisuseTests
{
    public LibraryMisuseTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void An_mlp_names_the_input_shape_and_type_it_expects()
    {
        using var model = new Mlp(784, [16], 10);
        using Tensor wrongWidth = zeros([4, 28]);
        using Tensor flat = zeros([784]);
        using Tensor integers = zeros([4, 784], ScalarType.Int64);

        Assert.Equal("Expected input of shape [batch, 784], got [4, 28]. (Parameter 'input')",
            Assert.Throws<ArgumentException>("input", () => model.call(wrongWidth)).Message);
        Assert.Contains("got [784]", Assert.Throws<ArgumentException>("input", () => model.ForwardLayers(flat)).Message);
        Assert.Contains("Expected input of type Float32 (the parameters' type), got Int64.", Assert.Throws<ArgumentException>("input", () => model.call(integers)).Message);
        Assert.Throws<ArgumentNullException>("hidden", () => new Mlp(784, null!, 10));
        Assert.Throws<ArgumentOutOfRangeException>("hidden", () => new Mlp(784, [16, 0], 10));
    }

    [Fact]
    public void The_fisher_estimate_names_inputs_and_labels_shapes()
    {
        using var model = new Mlp(6, [4], 3);
        using Tensor inputs = zeros([5, 6]);
        using Tensor labels = zeros([4], ScalarType.Int64);
        using Tensor wrongInputs = zeros([5, 7]);

        Assert.Contains("got [4]", Assert.Throws<ArgumentException>("targets", () => FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical)).Message);
        Assert.Contains("Expected inputs of shape [N >= 1, 6], got [5, 7]", Assert.Throws<ArgumentException>("inputs", () => FisherInformation.Estimate(model, wrongInputs, labels, FisherEstimator.Empirical, Likelihood.Categorical)).Message);
    }

    [Fact]
    public void Task_sets_evaluation_and_importance_name_the_shapes()
    {
        using Tensor inputs = zeros([5, 6]);
        using Tensor labels = zeros([4], ScalarType.Int64);
        using Tensor fiveLabels = zeros([5], ScalarType.Int64);
        using Tensor empty = zeros([0, 6]);
        using Tensor noLabels = zeros([0], ScalarType.Int64);
        using var model = new Mlp(7, [4], 3);

        Assert.Contains("Expected labels of shape [5] or [5, outputs], got [4]", Assert.Throws<ArgumentException>("labels", () => new LabeledSet(inputs, labels)).Message);
        Assert.Contains("Expected samples of shape [N, 7] (the model's inputs), got [5, 6]",
            Assert.Throws<ArgumentException>("samples", () => Evaluation.Accuracy(model, new LabeledSet(inputs, fiveLabels))).Message);
        Assert.Contains("has no samples", Assert.Throws<ArgumentException>("samples", () => Evaluation.Accuracy(model, new LabeledSet(empty, noLabels))).Message);

        using var importance = new ParameterImportance([KeyValuePair.Create("layers.0.weight", zeros([4, 6]))], "test", 1);
        using var ewc = new OfflineEwc(model, 1);
        Assert.Contains("has shape [4, 6]; the parameter has [4, 7]", Assert.Throws<ArgumentException>("parameter", () => ewc.Consolidate(importance)).Message);
    }

    [Fact]
    public void Idx_images_and_accuracy_rows_check_their_sizes()
    {
        Assert.Equal("Expected 8 pixels (2 x 2 x 2), got 7. (Parameter 'Pixels')",
            Assert.Throws<ArgumentException>("Pixels", () => new IdxImages(2, 2, 2, new byte[7])).Message);
        Assert.Throws<ArgumentOutOfRangeException>("Rows", () => new IdxImages(1, 0, 2, []));
        var matrix = new AccuracyMatrix(3);
        Assert.Throws<ArgumentException>("accuracies", () => matrix.AddRow([0.5, 0.5]));
    }
}

/// <summary>The run's bookkeeping checks its arguments (serial: a run seeds torch's global generator and sets its threads).</summary>
[Collection(Performance.SerialPerformanceCollection.Name)]
public class RunBookkeepingMisuseTests
{
    [Fact]
    public void The_run_bookkeeping_checks_its_arguments()
    {
        using var run = new ContinualRun("Misuse", new { Seed = 1 }, 1, new RunContext { Threads = 1 });
        using Tensor inputs = zeros([5, 6]);
        using Tensor labels = zeros([5], ScalarType.Int64);
        var set = new LabeledSet(inputs, labels);
        var task = new ContinualTask(0, "only", set, set);
        using Tensor vectorLoss = zeros([3]);
        using Tensor scalar = zeros([]);

        Assert.Throws<InvalidOperationException>(() => run.StepDone(0, scalar)); // before BeginTask
        Assert.Throws<ArgumentOutOfRangeException>("epochs", () => run.BeginTask(task, 1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>("task", () => run.BeginTask(task with { Index = 3 }, 2, 1, 2));
        run.BeginTask(task, 1, 1, 2);
        Assert.Equal("Expected a scalar loss of shape [], got [3]. (Parameter 'loss')", Assert.Throws<ArgumentException>("loss", () => run.StepDone(0, vectorLoss)).Message);
        Assert.Throws<ArgumentOutOfRangeException>("epoch", () => run.StepDone(-1, scalar));
    }
}
