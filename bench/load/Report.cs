using System.Globalization;

namespace ClickCeop.Bench.Load;

/// <summary>The table the bench prints. Only what happened inside the measured window counts (warm-up excluded).</summary>
internal static class Report
{
    public static void Print(RunResult run, DeliveryResult delivery, AlertSink sink, AppServer app, BenchOptions options)
    {
        var seconds = Clock.Milliseconds(run.MeasureFrom, run.MeasureTo) / 1000;
        bool Inside(long at) => at >= run.MeasureFrom && at < run.MeasureTo;

        var journeys = run.Journeys.Where(j => Inside(j.FinishedAt)).ToList();
        var immediate = journeys.Count(j => j.Immediate);
        Console.WriteLine();
        Console.WriteLine($"complete journeys: {journeys.Count} in {seconds:F1} s = {journeys.Count / seconds:F1} journeys/s " +
            $"({immediate} immediate risk); {run.Journeys.Count} in all including warm-up");
        Console.WriteLine();

        var samples = run.Samples.Where(s => Inside(s.StartedAt)).ToList();
        Console.WriteLine($"{"step",-34} {"count",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        for (var step = 0; step < run.Steps.Count; step++)
        {
            var index = step;
            Row(run.Steps[step].ToString(), samples.Where(s => s.Step == index));
        }
        Row("all GETs", samples.Where(s => run.Steps[s.Step].Method == Method.Get));
        Row("all POSTs", samples.Where(s => run.Steps[s.Step].Method == Method.Post));
        Row("all requests", samples);
        Console.WriteLine($"requests/s: {samples.Count / seconds:F0}");
        Console.WriteLine();

        Console.WriteLine(run.Errors.Count == 0
            ? "errors: none"
            : "errors (by status code and step): " + string.Join("; ", run.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value}")));
        var (warnings, failures) = app.LogCounts;
        Console.WriteLine($"server log: {warnings} warning line(s), {failures} error line(s)");

        var peak = app.PeakResidentMegabytes();
        Console.WriteLine($"server memory: peak resident (VmHWM) {Megabytes(peak)}, resident at the end of the window {Megabytes(run.ServerRssAtEndMegabytes)}");
        if (run.ServerCpuSeconds is { } split)
        {
            var cpu = split.User + split.System;
            Console.WriteLine($"server CPU: {cpu:F1} s in {seconds:F1} s = {cpu / seconds:F2} of {Environment.ProcessorCount} cores " +
                $"(user {split.User:F1} s, system {split.System:F1} s; {(journeys.Count > 0 ? cpu * 1000 / journeys.Count : 0):F2} ms CPU per journey); " +
                $"this driver and its SMTP sink used {run.DriverCpuSeconds / seconds:F2} cores on the same machine");
        }

        if (run.MachineCpu is { Total: > 0 } machine)
        {
            var busy = machine.Busy / seconds;
            var others = busy - (run.ServerCpuSeconds is { } c ? (c.User + c.System) / seconds : 0) - run.DriverCpuSeconds / seconds;
            Console.WriteLine($"machine: {busy:F2} of {Environment.ProcessorCount} cores busy over the window, " +
                $"{Math.Max(0, others):F2} of them neither the server nor this driver (kernel network work, other users); " +
                $"{machine.Stolen / seconds:F2} cores' time stolen by the host (its other guests ran instead of this machine)");
        }

        var alertLatencies = journeys.Where(j => j.Immediate)
            .Select(j => sink.AllCopiesAcceptedAt(j.Reference, options.Officers) is { } at ? Clock.Milliseconds(j.ConfirmedAt, at) : (double?)null)
            .ToList();
        var delivered = alertLatencies.Where(l => l is not null).Select(l => l!.Value).Order().ToArray();
        Console.WriteLine($"immediate-risk alert, confirmation (the submit's 303) to SMTP accepted for all {options.Officers} officers: " +
            (delivered.Length == 0 ? "no samples" : $"p50 {Percentile(delivered, 0.50):F1} ms, p99 {Percentile(delivered, 0.99):F1} ms, max {delivered[^1]:F1} ms, n={delivered.Length}") +
            (alertLatencies.Count > delivered.Length ? $", {alertLatencies.Count - delivered.Length} NOT delivered" : ""));
        Console.WriteLine($"alerts: {delivery.Submitted - delivery.Missing} of {delivery.Submitted} confirmed reports alerted to every officer " +
            $"{delivery.DrainSeconds:F1} s after the load stopped; {delivery.Missing} missing, {delivery.Duplicated} delivered more than once; " +
            $"{sink.Messages} messages accepted, {sink.Unmatched} without a reference");
        Console.WriteLine();

        var allSteps = samples.Select(s => s.Milliseconds).Order().ToArray();
        var worstStepP99 = Enumerable.Range(0, run.Steps.Count)
            .Select(step => samples.Where(s => s.Step == step).Select(s => s.Milliseconds).Order().ToArray())
            .Where(a => a.Length > 0)
            .Select(a => Percentile(a, 0.99))
            .DefaultIfEmpty(double.NaN)
            .Max();
        Console.WriteLine("goals (2 cores):");
        Goal("complete journeys/s >= 300", journeys.Count / seconds >= 300, $"{journeys.Count / seconds:F1}");
        Goal("p99 step latency < 50 ms (worst step)", worstStepP99 < 50, $"{worstStepP99:F1} ms (all requests p99 {(allSteps.Length > 0 ? Percentile(allSteps, 0.99) : double.NaN):F1} ms)");
        Goal("server peak memory < 250 MB", peak < 250, Megabytes(peak));
        Goal("immediate-risk alert p99 < 1 s", delivered.Length > 0 && Percentile(delivered, 0.99) < 1000 && delivered.Length == alertLatencies.Count,
            delivered.Length > 0 ? $"{Percentile(delivered, 0.99):F1} ms" : "no samples");
        Goal("no errors, every report alerted once per officer", run.Errors.Count == 0 && delivery.Missing == 0 && delivery.Duplicated == 0,
            $"{run.Errors.Values.Sum()} errors, {delivery.Missing} missing, {delivery.Duplicated} duplicated");
    }

    private static void Row(string name, IEnumerable<Sample> samples)
    {
        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        Console.WriteLine(sorted.Length == 0
            ? $"{name,-34} {0,8}"
            : $"{name,-34} {sorted.Length,8} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.99),8:F1} {sorted[^1],8:F1}");
    }

    private static void Goal(string name, bool met, string measured) =>
        Console.WriteLine($"  {(met ? "met   " : "MISSED")} {name}: {measured}");

    private static string Megabytes(double? value) => value is { } mb ? mb.ToString("F0", CultureInfo.InvariantCulture) + " MB" : "n/a";

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
