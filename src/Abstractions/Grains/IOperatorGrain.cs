using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// The hub operator's own record: the request ids of its mutations, whatever network or firm they
/// target, so one id is bound to one request everywhere. Operator calls are rare and never on a
/// member's hot path, so one grain holds them. Key: <see cref="Key"/>.
/// </summary>
[Alias("viidakko.IOperatorGrain")]
public interface IOperatorGrain : IGrainWithStringKey
{
    /// <summary>The operator grain's key.</summary>
    const string Key = "operator";

    /// <summary>
    /// Records <paramref name="request"/> before the operator's mutation runs: true when it is a
    /// retry of a request seen within the retention; REQUEST_ID_REUSED when its id came with another request.
    /// </summary>
    /// <remarks>
    /// Interleaves although it changes state: every operator mutation passes through this one grain,
    /// and one after another each waited for its own durable write (about 200 registrations/s while
    /// a population was built). The check and the record happen in one turn, before the write, and
    /// binds that arrive while a write is in flight share the next one (<c>StateWriter</c>).
    /// </remarks>
    [AlwaysInterleave, Alias("Bind")] Task<bool> BindAsync(RequestTag request, CancellationToken cancellationToken = default);
}
