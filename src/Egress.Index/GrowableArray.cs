namespace Egress.Index;

/// <summary>An append-only array of unmanaged values with amortised growth; exposes its filled span.</summary>
internal sealed class GrowableArray<T>(int initialCapacity = 1024) where T : unmanaged
{
    private T[] _items = new T[Math.Max(16, initialCapacity)];

    public int Count { get; private set; }

    public Span<T> Span => _items.AsSpan(0, Count);

    /// <summary>The backing array (valid up to <see cref="Count"/>).</summary>
    public T[] Array => _items;

    public void Add(T item)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        if (Count + items.Length > _items.Length) Grow(Count + items.Length);
        items.CopyTo(_items.AsSpan(Count));
        Count += items.Length;
    }

    private void Grow(long needed)
    {
        var capacity = Math.Max(needed, (long)_items.Length * 2);
        capacity = Math.Min(capacity, System.Array.MaxLength);
        if (capacity < needed) throw new OutOfMemoryException("index build: array limit reached");
        System.Array.Resize(ref _items, (int)capacity);
    }
}
