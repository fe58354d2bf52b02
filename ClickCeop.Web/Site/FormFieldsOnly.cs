using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ClickCeop.Web.Site;

/// <summary>
/// A page's posted fields ([BindProperty] without SupportsGet) are read from the form body only. Model binding would
/// also take them from the address, so an answer or a password put there by hand, or by a careless client, would be
/// accepted, and with it kept in browser histories and proxy logs: no answer in a URL, on the server's side too.
/// What a page reads on GET (SupportsGet, [FromQuery]) keeps its source.
/// </summary>
public sealed class FormFieldsOnly : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        foreach (var property in model.HandlerProperties)
        {
            if (property.BindingInfo is { BindingSource: null } binding
                && property.Attributes.OfType<BindPropertyAttribute>().SingleOrDefault() is { SupportsGet: false })
            {
                binding.BindingSource = BindingSource.Form;
            }
        }
    }
}
