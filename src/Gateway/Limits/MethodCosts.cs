namespace Viidakko.Gateway.Limits;

/// <summary>
/// What a call costs against its firm's and network's rate limits: a read 1, a list 2, a change 3,
/// an overlap question 5, a match 10 (it reads many shards). Operator calls and the open HubService
/// cost nothing here (the operator is one trusted caller; Ping is the baseline of every benchmark).
/// </summary>
public static class MethodCosts
{
    /// <summary>The most any one call costs (a bucket must hold at least this).</summary>
    public const int Max = 10;

    /// <summary>The cost of the gRPC method <paramref name="method"/> (<c>/viidakko.v1.Service/Method</c>).</summary>
    public static int Of(string method)
    {
        var slash = method.LastIndexOf('/');
        var service = slash > 0 ? method[..slash] : "";
        var name = slash >= 0 ? method[(slash + 1)..] : method;
        if (!service.StartsWith("/viidakko.v1.", StringComparison.Ordinal) || service is "/viidakko.v1.AdminService" or "/viidakko.v1.HubService")
        {
            return 0;
        }

        return name switch
        {
            "MatchPartners" or "SuggestMeetings" => Max,
            "GetOverlap" or "FindPartnersWhoKnow" => 5,
            _ when name.StartsWith("Watch", StringComparison.Ordinal) => 1,
            _ when name.StartsWith("Get", StringComparison.Ordinal) => 1,
            _ when name.StartsWith("List", StringComparison.Ordinal) => 2,
            _ => 3,
        };
    }
}
