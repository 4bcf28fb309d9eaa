using System.Runtime.InteropServices;

namespace Egress.Index;

/// <summary>Binary layout shared by the builder and the reader.</summary>
public static class IndexLayout
{
    public const string ValuesFile = "values.bin";
    public const string EntriesFile = "entries.bin";
    public const string PostingsFile = "postings.bin";
    public const string QiFile = "qi.bin";

    public const int ProjectBits = 12;
    public const int MaxProjects = 1 << ProjectBits;
    public const uint IdFlag = 1u << ProjectBits;
    public const int CountShift = ProjectBits + 1;
    public const int MaxCount = (1 << (32 - CountShift)) - 1;

    public static uint EntryWord(int project, bool isId, int count) =>
        (uint)project | (isId ? IdFlag : 0) | ((uint)count << CountShift);

    /// <summary>0 marks an empty slot, so no stored hash may be 0.</summary>
    public static ulong SlotKey(ulong hash) => hash == 0 ? 1 : hash;

    public static long Capacity(long count)
    {
        long capacity = 16;
        while (capacity < count + count / 2 + 1) capacity <<= 1;
        return capacity;
    }
}

/// <summary>A value's slot: its keyed hash and where its entries (one per project holding it) start.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct ValueSlot
{
    public ulong Key;
    public uint EntryStart;
    public uint EntryCount;
}

/// <summary>A quasi-identifier combination's exact population count.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct QiSlot
{
    public ulong Key;
    public uint Count;
    public uint Reserved;
}

/// <summary>One project's holding of one value: how many participants, and who when that is few.</summary>
public readonly struct IndexEntry(uint word0, uint word1)
{
    public int Project => (int)(word0 & (IndexLayout.MaxProjects - 1));
    public bool IsId => (word0 & IndexLayout.IdFlag) != 0;
    public int Count => (int)(word0 >> IndexLayout.CountShift);
    /// <summary>The participant's ordinal when Count is 1, else the offset of the posting list.</summary>
    public uint Word1 => word1;
}
