using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>The queue. Its filters travel in the query string: they are the officer's choices, not a reporter's answers.</summary>
public sealed class IndexModel(CaseStore cases, OfficerStore officers) : PageModel
{
    public static readonly ReportStatus[] OpenStatuses = [ReportStatus.New, ReportStatus.Acknowledged, ReportStatus.InProgress];

    [FromQuery(Name = "status")] public string? StatusFilter { get; set; }
    [FromQuery(Name = "partner")] public string? Partner { get; set; }

    public ReportStatus? Status { get; private set; }
    public IReadOnlyList<QueueItem> Items { get; private set; } = [];
    public IReadOnlyList<string> Partners { get; private set; } = [];

    /// <summary>All the open reports the filters match; more than Items when the queue's limit cut some off.</summary>
    public int OpenCount { get; private set; }

    /// <summary>Shown so an officer notices a sign-in or failed attempts that were not theirs.</summary>
    public LastSignIn? LastSignIn { get; private set; }

    public async Task OnGetAsync()
    {
        // An unknown filter value is ignored rather than an error: it can only come from a hand-edited address.
        Status = Codes.TryParse<ReportStatus>(StatusFilter, out var status) && OpenStatuses.Contains(status) ? status : null;
        Partner = string.IsNullOrWhiteSpace(Partner) || Partner.Length > 100 ? null : Partner;
        Partners = await cases.OpenPartnersAsync(HttpContext.RequestAborted);
        Items = await cases.QueueAsync(Status, Partner, HttpContext.RequestAborted);
        OpenCount = Items.Count < CaseStore.QueueLimit ? Items.Count : await cases.OpenCountAsync(Status, Partner, HttpContext.RequestAborted);
        LastSignIn = await officers.LastSignInAsync(User.OfficerId()!, User.SessionId()!, HttpContext.RequestAborted);
    }
}
