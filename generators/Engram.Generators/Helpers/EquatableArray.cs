using System;
using System.Collections;
using System.Collections.Generic;

namespace Engram.Generators.Helpers;

/// <summary>
/// An immutable array with value equality (element by element), so that incremental models holding sequences compare
/// equal when their contents do. <see cref="System.Collections.Immutable.ImmutableArray{T}"/> compares by reference.
/// </summary>
/// <typeparam name="T">Element type, itself value-equatable.</typeparam>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? items;

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public EquatableArray(IEnumerable<T> items) => this.items = [.. items];

    /// <summary>An empty array.</summary>
    public static EquatableArray<T> Empty => new([]);

    /// <summary>Number of elements.</summary>
    public int Count => items?.Length ?? 0;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public T this[int index] => (items ?? [])[index];

    /// <summary>Equality by element.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Inequality by element.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other)
    {
        if (Count != other.Count)
            return false;
        for (int i = 0; i < Count; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(items![i], other.items![i]))
                return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (T item in this)
                hash = hash * 31 + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
            return hash;
        }
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Creation helpers for <see cref="EquatableArray{T}"/>.</summary>
internal static class EquatableArray
{
    /// <summary>The elements of <paramref name="items"/> as an equatable array.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);
}
