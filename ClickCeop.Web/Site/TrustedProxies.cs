using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Site;

/// <summary>Believes X-Forwarded-For and X-Forwarded-Proto from the proxies in <see cref="ProxyOptions"/> only.</summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .Validate(proxy => proxy.Trusted.All(entry => TryParse(entry, out _)),
                "Proxy:Trusted holds IP addresses (10.0.0.5) or networks (10.0.0.0/8) only.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // As many hops as are trusted (a CDN, then a load balancer), read from the nearest; the first address
            // that is not a listed proxy is the client's.
            forwarded.ForwardLimit = null;
            // ASP.NET Core trusts loopback by default; only what the operator listed is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in proxy.Value.Trusted)
            {
                if (TryParse(entry, out var network)) forwarded.KnownIPNetworks.Add(network);
            }
        });
        // Below Information the middleware logs "Unknown proxy: {address}", which is a visitor's own address whenever
        // their request arrives with an X-Forwarded-For of its own (a school's proxy adds one). Registered after the
        // configuration's rules, this one wins over any level set for the same category.
        services.AddLogging(logging => logging.AddFilter(
            "Microsoft.AspNetCore.HttpOverrides.ForwardedHeadersMiddleware", level => level >= LogLevel.Information));
        return services;
    }

    /// <summary>First in the pipeline, so the badge, the limits and the cookies all see the client's address and scheme.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Trusted.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    private static bool TryParse(string? entry, out System.Net.IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return System.Net.IPNetwork.TryParse(entry, out network);
        }
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }
}
