using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>
/// Finds any report, open or not, by the reference a reporter reads out on the phone. Posted, so references stay out
/// of addresses and the browser's history; the report page that follows audits the view, and a reference that finds
/// nothing goes in the officer's history, so someone guessing references leaves a trace.
/// </summary>
public sealed class FindModel(ReportStore reports, OfficerStore officers) : ConsolePageModel
{
    [BindProperty(Name = "reference")] public string? Reference { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Reference))
        {
            return Invalid("reference", "Enter the report's reference");
        }
        if (ReferenceNumber.Normalise(Reference) is not { } reference)
        {
            return Invalid("reference", "Enter a reference like CEOP-7KQ4-M2XD: 8 letters and numbers after CEOP");
        }
        if (await reports.FindByReferenceAsync(reference, HttpContext.RequestAborted) is not { } report)
        {
            await officers.RecordReferenceNotFoundAsync(User.OfficerId()!, reference, HttpContext.RequestAborted);
            return Invalid("reference", $"No report has the reference {reference}. Check it with the caller");
        }
        return Redirect($"/officers/reports/{report.Id}");
    }
}
