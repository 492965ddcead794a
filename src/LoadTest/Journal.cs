using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;

namespace Viidakko.LoadTest;

/// <summary>
/// What the hub acknowledged during a run, one JSON line each, flushed as it happens: the firms and
/// their keys, every referral create and accept that returned OK, and every failed call with its
/// status code and time. <see cref="Verifier"/> reads it back, possibly after the hub restarted,
/// to check that nothing acknowledged was lost and nothing was applied twice.
/// </summary>
internal sealed class Journal : IDisposable
{
    /// <summary>Kinds of line.</summary>
    public const string FirmKind = "firm", CreatedKind = "created", AcceptedKind = "accepted", ErrorKind = "error";

    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public Journal(string path)
    {
        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public void Firm(SimFirm firm, string apiKey) => Write(new(FirmKind, Now(), Firm: firm.Name, Key: apiKey));

    public void Created(SimFirm from, SimFirm to, string referral, string note) =>
        Write(new(CreatedKind, Now(), Firm: from.Name, Referral: referral, To: to.Name, Note: note));

    public void Accepted(SimFirm to, string referral) => Write(new(AcceptedKind, Now(), Firm: to.Name, Referral: referral));

    public void Error(string call, StatusCode code) => Write(new(ErrorKind, Now(), Call: call, Code: code.ToString()));

    public static IReadOnlyList<JournalEntry> Read(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<JournalEntry>(line)!)
            .ToList();

    public void Dispose() => _writer.Dispose();

    private void Write(JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry);
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
