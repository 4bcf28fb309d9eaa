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

/// <summary>
/// A value's slot: its keyed hash, where its entries (one per project holding it) start, and a
/// summary packed in <see cref="Info"/> — entry count, the smallest holder count, whether an entry is
/// an ID — so a scan can weigh a token without touching its entries.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct ValueSlot
{
    public ulong Key;
    public uint EntryStart;
    public uint Info;

    public const int CountBits = 13;
    public const int MinCountBits = 17;
    public const uint HasIdFlag = 1u << 30;

    public readonly int EntryCount => (int)(Info & ((1u << CountBits) - 1));
    public readonly int MinCount => (int)((Info >> CountBits) & ((1u << MinCountBits) - 1));
    public readonly bool HasId => (Info & HasIdFlag) != 0;

    public static uint PackInfo(int entryCount, int minCount, bool hasId) =>
        (uint)entryCount | ((uint)minCount << CountBits) | (hasId ? HasIdFlag : 0);
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
