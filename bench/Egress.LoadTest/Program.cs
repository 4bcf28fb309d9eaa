using Egress.LoadTest;

// egress-load seed --data DIR [--database DB] [--researchers 50] --tokens FILE
// egress-load run --server URL --tokens FILE [--seconds 60] [--concurrency 50] [--bytes 1048576] [--poll-ms 250] [--drain-seconds 300]
try
{
    if (args.Length == 0) return Usage();
    var options = CommandLine.Parse(args[1..]);
    return args[0] switch
    {
        "seed" => await Seeder.RunAsync(options),
        "run" => await LoadRun.RunAsync(options),
        _ => Usage(),
    };
}
catch (CommandLineException e)
{
    Console.Error.WriteLine("egress-load: " + e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: egress-load seed --data DIR [--database DB] [--researchers N] --tokens FILE");
    Console.Error.WriteLine("       egress-load run --server URL --tokens FILE [--seconds S] [--concurrency N] [--bytes B] [--poll-ms MS] [--drain-seconds S] [--label TEXT]");
    return 2;
}
