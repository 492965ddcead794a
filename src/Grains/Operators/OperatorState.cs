namespace Viidakko.Grains;

/// <summary>Persistent state of the operator's record.</summary>
[GenerateSerializer, Alias("viidakko.OperatorState")]
public sealed class OperatorState
{
    /// <summary>The operator's request ids within the retention, with the request each came with (one row each).</summary>
    [Id(0)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
}
