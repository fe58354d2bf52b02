using System.Net.Sockets;
using SmtpServer;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// Accepts connections with Nagle's algorithm off, as production mail servers do: otherwise each reply waits for
/// the client's delayed ACK (about 40 ms per message on Linux), and the sink, not the app, would be measured.
/// Used by the tests' SmtpSink and linked into both benches' SMTP sinks.
/// </summary>
public sealed class NoDelayListenerFactory : SmtpServer.Net.IEndpointListenerFactory
{
    public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new NoDelayListener(listener);
    }
}

internal sealed class NoDelayListener(TcpListener listener) : SmtpServer.Net.IEndpointListener
{
    public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        var client = await listener.AcceptTcpClientAsync(cancellationToken);
        client.NoDelay = true;
        context.Properties[SmtpServer.Net.EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint!;
        context.Properties[SmtpServer.Net.EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
        return new PlainPipe(client);
    }

    public void Dispose() => listener.Stop();
}

/// <summary>A plain-text duplex pipe over the accepted socket (the sink never offers TLS).</summary>
internal sealed class PlainPipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
{
    private readonly NetworkStream _stream = client.GetStream();
    private System.IO.Pipelines.PipeReader? _input;
    private System.IO.Pipelines.PipeWriter? _output;

    public System.IO.Pipelines.PipeReader Input => _input ??= System.IO.Pipelines.PipeReader.Create(_stream);

    public System.IO.Pipelines.PipeWriter Output => _output ??= System.IO.Pipelines.PipeWriter.Create(_stream);

    public bool IsSecure => false;

    public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

    public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The sink does not offer TLS.");

    public void Dispose() => client.Dispose();
}
