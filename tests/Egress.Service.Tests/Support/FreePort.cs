using System.Net;
using System.Net.Sockets;

namespace Egress.Service.Tests.Support;

/// <summary>A TCP port on 127.0.0.1 that nobody listens on right now (the kernel picks it).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
