using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Viidakko.Grains;

/// <summary>
/// Keeps a firm's entry in its network's index current: the all-firms shard and one shard per skill
/// it offers. Profile changes publish before the firm answers; changes that come in bursts
/// (referral and feedback notifications, keep flags) are debounced on a grain timer. The index is
/// derived data: a publish that fails is retried by the next change or the shard's own reload.
/// </summary>
/// <remarks>
/// Once the host is stopping (<paramref name="stopping"/>), nothing is published: the shards may be
/// gone already, and every call would fail and be logged; the shards read the firm's facts again
/// when they next activate.
/// </remarks>
internal sealed class FirmIndexPublisher(
    Grain grain, IGrainFactory grains, FirmState state, StateWriter<FirmState> writer, Func<FirmMatchFacts> facts, ILogger logger,
    CancellationToken stopping)
{
    /// <summary>Changes that come in bursts reach the index this much later, together.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private readonly string[] _key = ResourceIds.SplitKey(grain.GetPrimaryKeyString());
    private IGrainTimer? _soon;
    private IGrainTimer? _unseal;
    private bool _stopped;

    /// <summary>Pushes the firm's facts now, unless the index already has them.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        if (!state.Exists || stopping.IsCancellationRequested)
        {
            return;
        }

        var current = facts();
        var fingerprint = Fingerprint(current);
        var skills = state.Profile!.Capabilities.Select(c => c.Skill).Distinct(StringComparer.Ordinal).ToList();
        var dropped = state.IndexedSkills.Except(skills, StringComparer.Ordinal).ToList();
        if (fingerprint == state.PublishedFingerprint && dropped.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(
                skills.Prepend(IndexShards.All).Select(skill => Shard(skill).UpsertAsync(current, cancellationToken))
                    .Concat(dropped.Select(skill => Shard(skill).RemoveAsync(current.FirmId, cancellationToken))));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivation or shutdown: the shard reloads from this firm when it next activates.
            return;
        }
        catch (Exception e) when (e is SiloUnavailableException || _stopped || stopping.IsCancellationRequested)
        {
            // Either this silo is shutting down (the firm publishes again when it next activates) or
            // the shard's silo died (the shard reads every member's facts when it activates again):
            // retrying from here would only keep this activation busy.
            return;
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not update the index for firm {Firm}: {Error}", current.FirmId, e.Message);
            Schedule();
            return;
        }

        state.IndexedSkills = skills;
        state.PublishedFingerprint = fingerprint;
        await writer.WriteAsync();
    }

    /// <summary>
    /// What the index must be told again when it changes. Responsiveness counts move with every
    /// answer; matching weighs only its rates, so they count here in steps of 5 points: a firm that
    /// answers everything is not re-published on every accept (the counts the index holds catch up
    /// with its next publish).
    /// </summary>
    internal static string Fingerprint(FirmMatchFacts facts)
    {
        var standing = facts.PublicView.Standing;
        var coarse = standing.Responsiveness is { } r
            ? new Responsiveness(Step(r.AnswerRate), Step(r.AnswerRate is null ? null : 1 - r.AnswerRate), Step(r.FirstContactRate), Step(r.FirstContactRate is null ? null : 1 - r.FirstContactRate))
            : null;
        var stable = facts with { PublicView = facts.PublicView with { Standing = standing with { Responsiveness = coarse } } };
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(stable)))[..32];

        static int Step(double? rate) => rate is { } v ? (int)Math.Round(v * 20) : -1;
    }

    /// <summary>Publishes after <see cref="Delay"/>, together with whatever else changes meanwhile.</summary>
    public void Schedule()
    {
        if (_soon is not null || _stopped || stopping.IsCancellationRequested)
        {
            return;
        }

        _soon = grain.RegisterGrainTimer(
            async ct =>
            {
                // Dispose only afterwards: disposing a timer cancels the token of its running callback.
                var timer = _soon;
                _soon = null;
                try
                {
                    await PublishAsync(ct);
                }
                finally
                {
                    timer?.Dispose();
                }
            },
            new GrainTimerCreationOptions(Delay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>While the firm is active, publishes again when a sealed rating about it unseals (its standing changes).</summary>
    public void ScheduleUnseal(DateTime? unsealTime, DateTime now)
    {
        if (unsealTime is not { } due || _stopped || stopping.IsCancellationRequested)
        {
            return;
        }

        _unseal?.Dispose();
        _unseal = grain.RegisterGrainTimer(async ct => await PublishAsync(ct),
            new GrainTimerCreationOptions(due - now + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// The activation is leaving: a pending publish would only keep it busy (during a silo's drain
    /// its calls fail at once), and the shards read this firm's facts again when it next activates.
    /// </summary>
    public void Stop()
    {
        _stopped = true;
        _soon?.Dispose();
        _soon = null;
        _unseal?.Dispose();
        _unseal = null;
    }

    private IIndexShardGrain Shard(string skill) =>
        grains.GetGrain<IIndexShardGrain>(IndexShards.Key(_key[0], skill, IndexShards.ShardOf(_key[1], skill)));
}
