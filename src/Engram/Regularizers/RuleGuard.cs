using System.Runtime.CompilerServices;
using Engram.Validation;

namespace Engram.Regularizers;

/// <summary>
/// The regularizers' argument checks, made by the rules of the compile-time diagnostics (<see cref="ExperimentRules"/>,
/// linked into this assembly from the generator): one definition of every valid range, and the same words whether a
/// declaration, a command-line override or a direct construction breaks it.
/// </summary>
internal static class RuleGuard
{
    /// <summary>Throws when <paramref name="violation"/> is not null: the rule's message and id, and the value found.</summary>
    /// <param name="violation">The result of an <c>ExperimentRules.Check...</c> call.</param>
    /// <param name="actualValue">The value checked.</param>
    /// <param name="paramName">The parameter it came from (by default, the expression passed as <paramref name="actualValue"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="violation"/> is not null.</exception>
    public static void ThrowIfBroken(RuleViolation? violation, object actualValue, [CallerArgumentExpression(nameof(actualValue))] string? paramName = null)
    {
        if (violation is not null)
            throw new ArgumentOutOfRangeException(paramName, actualValue, $"{violation.Message} ({violation.Rule.Id}).");
    }
}
