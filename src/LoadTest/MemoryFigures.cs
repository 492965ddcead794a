using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Viidakko.LoadTest;

/// <summary>Memory of the hub with the population active.</summary>
internal sealed record MemoryFigures(long RssBytes, long ManagedHeapBytes, Dictionary<string, long> ActiveGrains, double RssBytesPerGrain, double HeapBytesPerGrain);
