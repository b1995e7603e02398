using System.IO.Compression;

namespace Engram.DataPrep;

/// <summary>
/// Gzip (RFC 1952) with a fixed header, so the same input gives the same bytes on every run and every OS: no file
/// name, modification time 0, XFL 2 (maximum compression), OS 255 (unknown). .NET's GZipStream would write the host's
/// OS byte. The deflate body is .NET's (zlib-ng) at <see cref="CompressionLevel.SmallestSize"/>; a different zlib
/// version may compress differently, which is why data/README.md also lists the SHA-256 of the uncompressed files.
/// </summary>
internal static class DeterministicGzip
{
    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff];

    public static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        output.Write(Header);
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(data);
        Span<byte> trailer = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(data));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)data.Length));
        output.Write(trailer);
        return output.ToArray();
    }
}

/// <summary>CRC-32 as gzip uses it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final xor 0xFFFFFFFF).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
