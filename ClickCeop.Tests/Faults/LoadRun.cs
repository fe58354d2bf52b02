using System.Collections.Concurrent;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// Concurrent reporters walking the journey in a loop, each journey in a fresh browser, until told to stop. A walk
/// that throws after <see cref="Interrupt"/> was called was cut off by the fault; one that throws before is a defect.
/// </summary>
public sealed class LoadRun
{
    private readonly ConcurrentQueue<ReporterOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private int _interrupted;

    private LoadRun()
    {
    }

    public IReadOnlyList<ReporterOutcome> Outcomes => _outcomes.ToList();

    public int Confirmed => _outcomes.Count(o => o.Reference is not null);

    /// <summary>Starts <paramref name="reporters"/> workers against whatever <paramref name="baseAddress"/> returns now.</summary>
    public static LoadRun Start(string run, int reporters, Func<Uri> baseAddress)
    {
        var load = new LoadRun();
        for (var worker = 0; worker < reporters; worker++)
        {
            var w = worker;
            load._workers.Add(Task.Run(async () =>
            {
                for (var n = 0; !load._stop.IsCancellationRequested; n++)
                {
                    var outcome = new ReporterOutcome(ReporterAnswers.For($"{run}-w{w}n{n}", w + n));
                    load._outcomes.Enqueue(outcome);
                    using var browser = Reporter.NewBrowser(baseAddress());
                    try
                    {
                        await Reporter.WalkAsync(browser, outcome);
                    }
                    catch (Exception exception)
                    {
                        outcome.Error = exception.GetType().Name + ": " + exception.Message;
                        // Either way this worker stops: after the fault its server is gone; before it, the failure is
                        // a defect the test reports from CutOffByFault == false.
                        outcome.CutOffByFault = Volatile.Read(ref load._interrupted) == 1;
                        return;
                    }
                }
            }));
        }
        return load;
    }

    /// <summary>Marks every failure from now on as caused by the fault the test is about to inject.</summary>
    public void Interrupt() => Volatile.Write(ref _interrupted, 1);

    /// <summary>Stops starting new journeys and waits (bounded) for the ones under way.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stop.Cancel();
        await Task.WhenAll(_workers).WaitAsync(timeout);
    }

    /// <summary>Polls (bounded) until at least <paramref name="count"/> reports were confirmed, or a reporter failed.</summary>
    public async Task WaitForConfirmedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Confirmed < count)
        {
            if (_outcomes.FirstOrDefault(o => o.Error is not null) is { } failed)
            {
                throw new Xunit.Sdk.XunitException($"Reporter {failed.Answers.Token} failed with no fault injected: {failed.Error}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {Confirmed} report(s) confirmed in {timeout.TotalSeconds:0} s, expected {count}.");
            }
            await Task.Delay(20);
        }
    }
}
