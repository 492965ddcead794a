using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>One RPC of the public API (unary or server streaming), callable with raw bytes.</summary>
internal sealed class FuzzMethod(MethodDescriptor descriptor)
{
    private static readonly Marshaller<byte[]> PassThrough = Marshallers.Create(bytes => bytes, bytes => bytes);

    public MethodDescriptor Descriptor { get; } = descriptor;
    public string Service => Descriptor.Service.Name;
    public string Name => Descriptor.Name;

    /// <summary><c>Service/Method</c>, as counted in the report.</summary>
    public string FullName { get; } = $"{descriptor.Service.Name}/{descriptor.Name}";
    public MessageDescriptor Input => Descriptor.InputType;
    public MessageDescriptor Output => Descriptor.OutputType;

    /// <summary>The call with a pass-through marshaller: the bytes go on the wire exactly as generated.</summary>
    public Method<byte[], byte[]> Raw { get; } = new(
        descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary, descriptor.Service.FullName, descriptor.Name, PassThrough, PassThrough);

    /// <summary>A stream of answers (a watch), which the fuzzer reads to its first message and then closes.</summary>
    public bool IsServerStreaming => Descriptor.IsServerStreaming;
}

/// <summary>
/// Every RPC of the public API, found in the descriptors generated from the protos (every
/// <c>*Reflection.Descriptor</c> of package <c>viidakko.v1</c>), so a new RPC is fuzzed without
/// anyone listing it here.
/// </summary>
internal static class ApiSurface
{
    public const string Package = "viidakko.v1";

    public static IReadOnlyList<FuzzMethod> Discover()
    {
        var files = typeof(Api.V1.HubServiceReflection).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package == Package);
        var methods = files
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods)
            .Where(m => !m.IsClientStreaming)
            .OrderBy(m => m.Service.Name, StringComparer.Ordinal)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new FuzzMethod(m))
            .ToList();
        return methods.Count > 0 ? methods : throw new InvalidOperationException($"no RPC of package {Package} found in the generated descriptors");
    }
}
