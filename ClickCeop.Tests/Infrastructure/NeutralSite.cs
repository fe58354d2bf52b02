using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// Where "Leave this site" goes, for a browser: another site, over HTTPS (Help:ExitUrl must be https) on 127.0.0.1 with
/// a certificate made here. Chromium is pointed at it by name (<see cref="ResolverRule"/>) and told to accept the
/// certificate, so leaving ends on a real page of another site, as it does on a family computer.
/// </summary>
public sealed class NeutralSite : IAsyncDisposable
{
    public const string Host = "neutral.example";

    private readonly WebApplication _app;

    private NeutralSite(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The page leaving goes to: set it as Help:ExitUrl.</summary>
    public string ExitUrl => $"https://{Host}:{Port}/weather";

    /// <summary>Chromium's switch that sends <see cref="Host"/> to this server.</summary>
    public static string ResolverRule => $"--host-resolver-rules=MAP {Host} 127.0.0.1";

    public static async Task<NeutralSite> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><title>Weather</title><h1>Weather</h1><p>Sunny.</p></html>");
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        return new NeutralSite(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
