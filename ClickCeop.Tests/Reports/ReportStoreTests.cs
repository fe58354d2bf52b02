using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Reports;

public sealed class ReportStoreTests : IDisposable
{
    private readonly AppHost _host = new();

    private ReportStore Store()
    {
        _host.StartServer();
        return _host.Services.GetRequiredService<ReportStore>();
    }

    [Fact]
    public async Task A_report_reads_back_field_for_field()
    {
        var store = Store();
        var report = SampleReports.Parent(Danger.Yes) with { Narrative = "Line one\nשלום \u202Eevil\u202C 😀 <b>" };

        var result = await store.SubmitAsync(report, submissionKey: "draft-1");
        var stored = await store.FindByReferenceAsync(report.Reference);

        Assert.True(result.Created);
        Assert.NotNull(stored);
        Assert.Equivalent(report, stored, strict: true);
        Assert.True(stored.ImmediateRisk);
        Assert.Equivalent(report, await store.FindByIdAsync(report.Id), strict: true);
    }

    [Fact]
    public async Task A_second_submit_of_the_same_draft_returns_the_first_report()
    {
        var store = Store();
        var first = SampleReports.YoungPerson();
        var replay = SampleReports.YoungPerson() with { Narrative = "a different body" };

        var one = await store.SubmitAsync(first, "draft-2");
        var two = await store.SubmitAsync(replay, "draft-2");

        Assert.True(one.Created);
        Assert.False(two.Created);
        Assert.Equal(first.Reference, two.Report.Reference);
        Assert.Null(await store.FindByReferenceAsync(replay.Reference));
    }

    [Fact]
    public async Task A_report_and_a_replay_of_it_are_flushed_to_disk_before_the_reporter_is_answered()
    {
        var store = Store();
        var database = _host.Services.GetRequiredService<Database>();
        var before = database.LogFlushes;

        await store.SubmitAsync(SampleReports.YoungPerson(), "draft-flush");
        Assert.Equal(before + 1, database.LogFlushes);

        // The replay may find a report its twin committed a moment ago and has not flushed yet.
        await store.SubmitAsync(SampleReports.YoungPerson(), "draft-flush");
        Assert.Equal(before + 2, database.LogFlushes);
    }

    [Fact]
    public void References_are_readable_and_random()
    {
        var references = Enumerable.Range(0, 2000).Select(_ => ReferenceNumber.New()).ToList();

        Assert.All(references, r => Assert.True(ReferenceNumber.IsWellFormed(r), r));
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.False(ReferenceNumber.IsWellFormed("CEOP-0000-OOOO"));
        Assert.Matches("^CEOP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$", references[0]);
    }

    public void Dispose() => _host.Dispose();
}
