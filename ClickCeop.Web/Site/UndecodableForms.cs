using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Site;

/// <summary>
/// A form in a charset .NET refuses to decode (UTF-7 and its aliases, declared on the body or on one multipart part)
/// makes ASP.NET Core's form reader throw NotSupportedException, which neither antiforgery nor model binding expects:
/// a 500 and an error log that anyone could cause at will (Start needs no token). Here it becomes the
/// InvalidDataException of any other unreadable form, which both already answer as the visitor's problem.
/// </summary>
public static class UndecodableForms
{
    public static IApplicationBuilder UseUndecodableFormsRefused(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            // Only a request with a body type can be a form; nothing has read the form yet this early.
            if (context.Request.ContentType is not null && context.Features.Get<IFormFeature>() is null)
            {
                var options = context.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
                context.Features.Set<IFormFeature>(new Checked(new FormFeature(context.Request, options)));
            }
            return next(context);
        });

    private sealed class Checked(FormFeature inner) : IFormFeature
    {
        public bool HasFormContentType => inner.HasFormContentType;

        public IFormCollection? Form
        {
            get => inner.Form;
            set => inner.Form = value;
        }

        public IFormCollection ReadForm()
        {
            try
            {
                return inner.ReadForm();
            }
            catch (NotSupportedException e)
            {
                throw Unreadable(e);
            }
        }

        public async Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.ReadFormAsync(cancellationToken);
            }
            catch (NotSupportedException e)
            {
                throw Unreadable(e);
            }
        }

        private static InvalidDataException Unreadable(NotSupportedException e) =>
            new("The form declares a charset that cannot be decoded.", e);
    }
}
