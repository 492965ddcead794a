using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Viidakko.Gateway.Errors;

namespace Viidakko.Gateway.Hosting;

/// <summary>
/// Binds every gRPC service like Grpc.AspNetCore's own binder does, but with request marshallers
/// that answer a malformed message (truncated or random bytes, invalid UTF-8 in a string, nesting
/// beyond the parser's limit) with <c>INVALID_ARGUMENT</c>. grpc-dotnet turns an exception thrown
/// while reading the request into <c>UNKNOWN</c> "Exception was thrown by handler" and logs its
/// stack trace as an error; a caller's bad bytes are neither.
/// </summary>
internal sealed class StrictServiceMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService>
    : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = FindBindMethod(typeof(TService));
        if (bind is null)
        {
            return;
        }

        var binder = new Binder(context, bind.GetParameters()[1].ParameterType);
        bind.Invoke(null, [binder, null]);
    }

    /// <summary>The generated static <c>BindService(ServiceBinderBase, TServiceBase)</c> named by <see cref="BindServiceMethodAttribute"/>.</summary>
    private static MethodInfo? FindBindMethod(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType
                    .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var first, _]
                        && first.ParameterType == typeof(ServiceBinderBase));
            }
        }

        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type declaringType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), Metadata(method.Name, [typeof(TRequest), typeof(ServerCallContext)], out var m),
                Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method),
                Metadata(method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)], out var m),
                Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method),
                Metadata(method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)], out var m),
                Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method),
                Metadata(method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)], out var m),
                Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(m));

        private List<object> Metadata(string name, Type[] parameters, out MethodInfo handler)
        {
            handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
                is { IsVirtual: true } m && m.GetBaseDefinition().DeclaringType == declaringType
                ? m
                : throw new InvalidOperationException($"{typeof(TService).Name} does not implement {name}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }

        private static TDelegate Invoker<TDelegate>(MethodInfo handler) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);

        private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class where TResponse : class
        {
            var reader = method.RequestMarshaller.ContextualDeserializer;
            var requestType = typeof(TRequest).Name;
            var marshaller = new Marshaller<TRequest>(
                method.RequestMarshaller.ContextualSerializer,
                context =>
                {
                    try
                    {
                        return reader(context);
                    }
                    catch (Exception e) when (e is not RpcException)
                    {
                        throw RpcErrors.Build(Google.Rpc.Code.InvalidArgument,
                            $"The request is not a valid {requestType} message: {e.Message}", Reasons.MalformedRequest, []);
                    }
                });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }
    }
}
