using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Grpc.Core;

namespace Viidakko.Gateway.Web;

/// <summary>The JSON of the sign-in endpoints: the session's view, and errors as the API's google.rpc.Status.</summary>
internal static class AuthJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.BadRequest.Descriptor, Google.Rpc.RetryInfo.Descriptor)));

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What the page learns about its own session.</summary>
    public static object View(AccountSession session) => new
    {
        email = session.Email,
        displayName = session.DisplayName,
        role = session.Role switch
        {
            AccountRole.Operator => "operator",
            AccountRole.FirmAdmin => "firm_admin",
            _ => "firm_person",
        },
        network = session.NetworkId.Length > 0 ? $"networks/{session.NetworkId}" : null,
        firm = session.FirmId.Length > 0 ? $"networks/{session.NetworkId}/firms/{session.FirmId}" : null,
        csrfToken = session.CsrfToken,
        expireTime = DateTime.SpecifyKind(session.ExpireTime, DateTimeKind.Utc),
    };

    /// <summary>Answers with the status of <paramref name="error"/>, under the HTTP status of its code.</summary>
    public static IResult Error(RpcException error)
    {
        var status = error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        return Results.Text(Formatter.Format(status), "application/json", statusCode: HttpStatusOf(error.StatusCode));
    }

    private static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => 400,
        StatusCode.Unauthenticated => 401,
        StatusCode.PermissionDenied => 403,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.Aborted => 409,
        StatusCode.ResourceExhausted => 429,
        StatusCode.Unavailable => 503,
        StatusCode.DeadlineExceeded => 504,
        _ => 500,
    };
}
