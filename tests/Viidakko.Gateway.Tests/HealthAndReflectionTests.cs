using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

/// <summary>Operators and tools (load balancers, buf curl, grpcurl) reach these without any key.</summary>
public sealed class HealthAndReflectionTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    [Fact]
    public async Task Health_reports_serving_while_the_silo_answers()
    {
        var health = new Health.HealthClient(_hub.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest { Service = "" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_every_viidakko_service_and_serves_their_descriptors()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_hub.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "viidakko.v1.ReferralService" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes))
            .ToList();
        await call.RequestStream.CompleteAsync();

        Assert.Contains("viidakko.v1.AdminService", services);
        Assert.Contains("viidakko.v1.FirmService", services);
        Assert.Contains("viidakko.v1.PartnershipService", services);
        Assert.Contains("viidakko.v1.ClientService", services);
        Assert.Contains("viidakko.v1.ReferralService", services);
        Assert.Contains("grpc.health.v1.Health", services);

        var referralFile = Assert.Single(files, f => f.Name == "viidakko/v1/referral_service.proto");
        var service = Assert.Single(referralFile.Service);
        Assert.Contains(service.Method, m => m.Name == "CreateReferral");
        Assert.Contains(service.Method, m => m.Name == "ReturnNeed");
    }

    [Fact]
    public async Task Health_and_reflection_need_no_key_but_the_api_does()
    {
        // The same unauthenticated channel that health and reflection accept is turned away by the API.
        var firms = new Viidakko.Api.V1.FirmService.FirmServiceClient(_hub.Channel);

        await Rpc.Fails(StatusCode.Unauthenticated, () => firms.GetFirmAsync(new() { Name = "networks/x/firms/y" }));
        var health = await new Health.HealthClient(_hub.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
