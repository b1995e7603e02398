using Engram.Metrics;

namespace Engram.Tasks;

/// <summary>One task (experience) of a continual-learning stream.</summary>
/// <param name="Index">0-based position in the stream; row and column index in the accuracy matrix.</param>
/// <param name="Name">Short human-readable name, e.g. "permutation 3".</param>
/// <param name="Train">Samples to train on.</param>
/// <param name="Test">Held-out samples to evaluate on.</param>
/// <param name="Metric">How the test set is scored: accuracy for classification, MSE for regression.</param>
public sealed record ContinualTask(int Index, string Name, LabeledSet Train, LabeledSet Test, TaskMetric Metric = TaskMetric.Accuracy);
