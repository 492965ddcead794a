using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// Reads a mutation's <c>request_id</c> (AIP-155) and binds it to the request it came with: the
/// method and every other field, as received. The grains refuse the same id with another
/// fingerprint (<c>REQUEST_ID_REUSED</c>) and recognise the same id with the same one as a retry.
/// </summary>
public static class RequestTags
{
    /// <summary>Longest request id accepted (a UUID has 36 characters).</summary>
    public const int MaxLength = 100;

    private const string FieldName = "request_id";

    /// <summary>
    /// The request's tag, or null without a request id. A blank id, one with control characters or
    /// one over <see cref="MaxLength"/> characters is a violation.
    /// </summary>
    public static RequestTag? Read(Violations v, IMessage request, ServerCallContext context)
    {
        var field = request.Descriptor.FindFieldByName(FieldName)
            ?? throw new InvalidOperationException($"{request.Descriptor.FullName} has no {FieldName}.");
        var id = (string)field.Accessor.GetValue(request);
        if (id.Length == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            v.Add(FieldName, "must not be blank: leave it empty, or send a unique id such as a UUID");
        }
        else if (id.Length > MaxLength)
        {
            v.Add(FieldName, $"must be at most {MaxLength} characters");
        }
        else if (id.Any(char.IsControl))
        {
            v.Add(FieldName, "must not contain control characters");
        }

        return new RequestTag(id, Fingerprint(context.Method, request, field));
    }

    /// <summary>A digest of the method and the request without its id.</summary>
    private static string Fingerprint(string method, IMessage request, Google.Protobuf.Reflection.FieldDescriptor field)
    {
        var copy = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        field.Accessor.Clear(copy);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(method));
        sha.AppendData([0]);
        sha.AppendData(copy.ToByteArray());
        return Convert.ToHexString(sha.GetHashAndReset())[..32];
    }
}
