using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// Named tensors, byte blobs and JSON values: the binary part of a checkpoint (model parameters, optimizer state,
/// random-generator states, each <see cref="ITrainingState"/>'s entries). Owns its tensors. Keys are scoped with
/// <see cref="Scope"/> so that two tracked objects cannot collide.
/// </summary>
public sealed class TrainingState : IDisposable
{
    private const string Magic = "ENGRAMST";
    private const int Version = 1;
    private readonly Dictionary<string, Tensor> tensors;
    private readonly Dictionary<string, byte[]> blobs;
    private readonly Dictionary<string, string> texts;
    private readonly string prefix;

    /// <summary>An empty state.</summary>
    public TrainingState()
        : this([], [], [], "")
    {
    }

    private TrainingState(Dictionary<string, Tensor> tensors, Dictionary<string, byte[]> blobs, Dictionary<string, string> texts, string prefix)
    {
        this.tensors = tensors;
        this.blobs = blobs;
        this.texts = texts;
        this.prefix = prefix;
    }

    /// <summary>Every key, scopes included, in ordinal order.</summary>
    public IEnumerable<string> Keys => tensors.Keys.Concat(blobs.Keys).Concat(texts.Keys).Order(StringComparer.Ordinal);

    /// <summary>A view whose keys are prefixed with <c>name/</c> (sharing this state's storage).</summary>
    public TrainingState Scope(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new TrainingState(tensors, blobs, texts, prefix + name + "/");
    }

    /// <summary>Stores a detached copy of <paramref name="value"/> (on the CPU) under <paramref name="key"/>.</summary>
    public void Set(string key, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var noGrad = no_grad();
        Tensor copy = value.detach().cpu().clone().DetachFromDisposeScope();
        if (tensors.Remove(prefix + key, out Tensor? old))
            old.Dispose();
        tensors[prefix + key] = copy;
    }

    /// <summary>Stores bytes (e.g. an optimizer's serialized state) under <paramref name="key"/>.</summary>
    public void SetBytes(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        blobs[prefix + key] = value;
    }

    /// <summary>Stores <paramref name="value"/> as JSON under <paramref name="key"/> (doubles round-trip exactly).</summary>
    public void SetJson<T>(string key, T value) => texts[prefix + key] = JsonSerializer.Serialize(value, Checkpoint.JsonOptions);

    /// <summary>Whether a tensor, blob or value is stored under <paramref name="key"/>.</summary>
    public bool Contains(string key) => tensors.ContainsKey(prefix + key) || blobs.ContainsKey(prefix + key) || texts.ContainsKey(prefix + key);

    /// <summary>The tensor stored under <paramref name="key"/> (owned by this state: copy it, do not dispose it).</summary>
    /// <param name="key">The key.</param>
    /// <param name="like">When given, the stored tensor must have its shape and element type.</param>
    /// <exception cref="CheckpointException">No tensor under the key, or its shape or type differs from <paramref name="like"/>.</exception>
    public Tensor Get(string key, Tensor? like = null)
    {
        if (!tensors.TryGetValue(prefix + key, out Tensor? value))
            throw new CheckpointException($"the checkpoint has no tensor '{prefix + key}'");
        if (like is not null && (!value.shape.SequenceEqual(like.shape) || value.dtype != like.dtype))
            throw new CheckpointException(
                $"the checkpoint's tensor '{prefix + key}' is {value.dtype} [{string.Join(", ", value.shape)}]; the run has {like.dtype} [{string.Join(", ", like.shape)}]");
        return value;
    }

    /// <summary>Copies the tensor stored under <paramref name="key"/> into <paramref name="target"/> (same shape and type).</summary>
    /// <exception cref="CheckpointException">No tensor under the key, or another shape or type.</exception>
    public void CopyTo(string key, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Tensor value = Get(key, target);
        using var noGrad = no_grad();
        target.copy_(value);
    }

    /// <summary>The bytes stored under <paramref name="key"/>.</summary>
    /// <exception cref="CheckpointException">None stored.</exception>
    public byte[] GetBytes(string key) =>
        blobs.TryGetValue(prefix + key, out byte[]? value) ? value : throw new CheckpointException($"the checkpoint has no entry '{prefix + key}'");

    /// <summary>The JSON value stored under <paramref name="key"/>, deserialized.</summary>
    /// <exception cref="CheckpointException">None stored, or it does not deserialize to <typeparamref name="T"/>.</exception>
    public T GetJson<T>(string key)
    {
        if (!texts.TryGetValue(prefix + key, out string? text))
            throw new CheckpointException($"the checkpoint has no value '{prefix + key}'");
        try
        {
            return JsonSerializer.Deserialize<T>(text, Checkpoint.JsonOptions) ?? throw new CheckpointException($"the checkpoint's value '{prefix + key}' is null");
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"the checkpoint's value '{prefix + key}' is malformed: {error.Message}", error);
        }
    }

    /// <summary>Writes every entry (all scopes) to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(Version);
        writer.Write(tensors.Count + blobs.Count + texts.Count);
        foreach ((string key, Tensor value) in tensors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write((byte)1);
            value.Save(writer);
        }

        foreach ((string key, byte[] value) in blobs.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write((byte)2);
            writer.Write(value.Length);
            writer.Write(value);
        }

        foreach ((string key, string value) in texts.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write((byte)3);
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    /// <exception cref="CheckpointException">The data is not a training state or is damaged.</exception>
    public static TrainingState ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var state = new TrainingState();
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic)
                throw new CheckpointException("the state file does not start with " + Magic);
            int version = reader.ReadInt32();
            if (version != Version)
                throw new CheckpointException($"the state file has version {version}; this Engram reads version {Version}");
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                switch (reader.ReadByte())
                {
                    case 1:
                        state.tensors[key] = Tensor.Load(reader).DetachFromDisposeScope();
                        break;
                    case 2:
                        int length = reader.ReadInt32();
                        if (length < 0 || length > stream.Length)
                            throw new CheckpointException($"the state file's entry '{key}' has an impossible length {length}");
                        state.blobs[key] = reader.ReadBytes(length);
                        break;
                    case 3:
                        state.texts[key] = reader.ReadString();
                        break;
                    default:
                        throw new CheckpointException($"the state file's entry '{key}' has an unknown kind");
                }
            }

            return state;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or FormatException or ArgumentException or NotImplementedException)
        {
            state.Dispose();
            throw new CheckpointException($"the state file is damaged: {error.Message}", error);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (prefix.Length > 0)
            return; // a scope does not own the storage
        foreach (Tensor tensor in tensors.Values)
            tensor.Dispose();
        tensors.Clear();
    }
}
