namespace Engram.Generators;

/// <summary>Names of the incremental pipeline's steps (<c>WithTrackingName</c>), read by the incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>Each [Experiment] class parsed into a model, its diagnostics and its name.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The diagnostics of one experiment.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The parse results that have a model (the declaration is complete enough to emit).</summary>
    public const string Emittable = nameof(Emittable);

    /// <summary>The models that code is emitted from (no locations).</summary>
    public const string Models = nameof(Models);

    /// <summary>Every emittable model, collected to give each a unique hint name.</summary>
    public const string CollectedModels = nameof(CollectedModels);

    /// <summary>Each model with the hint name of its file.</summary>
    public const string HintNames = nameof(HintNames);

    /// <summary>One catalog entry per model.</summary>
    public const string CatalogEntries = nameof(CatalogEntries);

    /// <summary>All catalog entries, as collected.</summary>
    public const string CollectedCatalogEntries = nameof(CollectedCatalogEntries);

    /// <summary>All catalog entries, ordered by name.</summary>
    public const string Catalog = nameof(Catalog);

    /// <summary>A task family attribute's class checked for [Experiment] (ENG0041).</summary>
    public const string Unmarked = nameof(Unmarked);

    /// <summary>Each emittable experiment's namespace and name (ENG0043).</summary>
    public const string Places = nameof(Places);

    /// <summary>The types hiding names the generated code uses (ENG0043), checked against the whole compilation.</summary>
    public const string HiddenNames = nameof(HiddenNames);

    /// <summary>The parse results that have a name (those with a model).</summary>
    public const string Named = nameof(Named);

    /// <summary>Each experiment's name with its location.</summary>
    public const string Names = nameof(Names);

    /// <summary>All names, as collected.</summary>
    public const string CollectedNames = nameof(CollectedNames);

    /// <summary>Diagnostics for names used by more than one experiment.</summary>
    public const string DuplicateNames = nameof(DuplicateNames);

    /// <summary>Whether the compilation references xunit, and the experiments with claims its references declare.</summary>
    public const string TestHost = nameof(TestHost);

    /// <summary>The models with at least one claim.</summary>
    public const string Claimed = nameof(Claimed);

    /// <summary>One test model per experiment of this compilation with claims.</summary>
    public const string LocalClaimTests = nameof(LocalClaimTests);

    /// <summary>The local test models, as collected.</summary>
    public const string CollectedLocalClaimTests = nameof(CollectedLocalClaimTests);

    /// <summary>Every test to emit (none without xunit), ordered by class.</summary>
    public const string ClaimTests = nameof(ClaimTests);

    /// <summary>Each test to emit.</summary>
    public const string ClaimTest = nameof(ClaimTest);
}
