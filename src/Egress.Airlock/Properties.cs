using System.Runtime.CompilerServices;

// The service tests drive the check queue's steps one by one (claim, lease expiry, completion).
[assembly: InternalsVisibleTo("Egress.Service.Tests")]
