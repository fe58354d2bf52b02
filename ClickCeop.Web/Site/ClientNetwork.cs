using System.Net;
using System.Net.Sockets;

namespace ClickCeop.Web.Site;

/// <summary>
/// Whom a per-address limit counts. An IPv6 line is given a whole /64 and its owner may use any address in it (phones
/// and laptops change theirs every day by design), so counting single IPv6 addresses would hand one person 2^64
/// counters. An IPv4 address, or one written as IPv6 (::ffff:203.0.113.1), counts alone.
/// </summary>
public static class ClientNetwork
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8); // also drops a link-local address's scope id (fe80::1%eth0)
        return new IPAddress(network) + "/64";
    }
}
