namespace ClickCeop.Web.Site;

/// <summary>
/// The reverse proxies (TLS terminators, load balancers) in front of the service. Behind one, every request arrives
/// from the proxy's address over plain HTTP: the submit limit would count every reporter in the country as one client,
/// and no cookie would be marked Secure. From a listed address X-Forwarded-For and X-Forwarded-Proto are believed;
/// from any other address they are ignored, so a visitor cannot pick their own address.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>IP addresses ("10.0.0.5") or networks ("10.0.0.0/8") of the proxies. Empty: clients connect directly.</summary>
    public List<string> Trusted { get; set; } = [];
}
