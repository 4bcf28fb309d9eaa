namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// Reads the fingerprint out of leaked rows and scores every project (docs/forensics.md): each row is
/// aligned to its master participant, each marked cell gives the leak's bit at that cell's code position
/// (the half its extra digit lies in), and each project's symmetric Tardos score over the positions it
/// was dispensed is compared with the threshold for the stated false-accusation probability. A position
/// seen twice (the same person's cell in two rows) counts once, as first read.
/// </summary>
public sealed class FingerprintDetector
{
    private readonly FingerprintCode _code;
    private readonly CohortHoldings _cohort;
    private readonly LeakRowAligner _aligner;
    private readonly ulong[] _columnIds;
    private readonly double _epsilon;
    private readonly Dictionary<ulong, (int Participant, int Column, bool Bit)> _read = [];
    private long _rows, _aligned, _foreign;

    public FingerprintDetector(FingerprintCode code, CohortHoldings cohort, double epsilon = AccusationThreshold.DefaultEpsilon)
        : this(code, cohort, new LeakRowAligner(cohort.Table), epsilon)
    {
    }

    /// <param name="aligner">Built over <paramref name="cohort"/>'s table; shared by detectors working in parallel.</param>
    public FingerprintDetector(FingerprintCode code, CohortHoldings cohort, LeakRowAligner aligner, double epsilon = AccusationThreshold.DefaultEpsilon)
    {
        if (!(epsilon is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), "ε₁ must lie in (0, 1)");
        _code = code;
        _cohort = cohort;
        _aligner = aligner;
        _columnIds = FieldCatalogue.Columns.Select(c => code.NameId(c.Name)).ToArray();
        _epsilon = epsilon;
    }

    public void Read(IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var row in rows)
        {
            _rows++;
            if (_aligner.Align(row) is not var (participant, marked)) continue;
            _aligned++;
            foreach (var cell in marked)
            {
                var position = _code.Position(_cohort.MasterEids[participant], _columnIds[cell.Column]);
                if (_read.ContainsKey(position)) continue;
                var (zero, one) = _code.Digits(position);
                if (cell.Digit != zero && cell.Digit != one) _foreign++;
                _read[position] = (participant, cell.Column, LowDigitMark.BitOf(cell.Digit));
            }
        }
    }

    public FingerprintReport Report()
    {
        var minimum = AccusationThreshold.MinimumPositions(_code.MaxTerm, _epsilon);
        var biases = _read.ToDictionary(kv => kv.Key, kv => _code.Bias(kv.Key));
        var projects = _cohort.Projects.Select(project =>
        {
            var id = _code.NameId(project.Name);
            long positions = 0;
            double score = 0;
            foreach (var (position, (participant, column, bit)) in _read)
            {
                if (!project.Holds(participant, column)) continue;
                positions++;
                var bias = biases[position];
                score += SymmetricScore.Term(bit, _code.Bit(id, position, bias), bias);
            }
            var threshold = AccusationThreshold.Score(positions, _code.MaxTerm, _epsilon);
            var decidable = positions >= minimum;
            return new ProjectAccusation
            {
                Project = project.Name,
                Fingerprinted = project.Fingerprinted,
                Positions = positions,
                Score = Math.Round(score, 3),
                Threshold = Math.Round(threshold, 3),
                Decidable = decidable,
                Accused = project.Fingerprinted && decidable && score > threshold,
            };
        }).OrderByDescending(p => p.Accused).ThenByDescending(p => p.Positions == 0 ? double.MinValue : p.Score / Math.Sqrt(p.Positions)).ToList();
        return new FingerprintReport
        {
            RowsRead = _rows,
            RowsAligned = _aligned,
            PositionsRead = _read.Count,
            ForeignDigits = _foreign,
            Cutoff = _code.Cutoff,
            Epsilon = _epsilon,
            MinimumPositions = minimum,
            Projects = projects,
        };
    }
}
