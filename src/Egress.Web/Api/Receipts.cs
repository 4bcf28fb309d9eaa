using System.Globalization;
using Egress.Airlock;

namespace Egress.Web.Api;

/// <summary>A download's receipt as response headers, so a script saving the file keeps its hash and size too.</summary>
public static class Receipts
{
    public static void AddHeaders(HttpResponse response, DownloadReceipt r)
    {
        response.Headers["X-Egress-Receipt-Sha256"] = r.Sha256;
        response.Headers["X-Egress-Receipt-Bytes"] = r.Bytes.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Egress-Receipt-Request"] = r.RequestId.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Egress-Receipt-Project"] = r.Project;
        response.Headers["X-Egress-Receipt-At"] = r.At.ToString("O", CultureInfo.InvariantCulture);
    }
}
