using System.IO.Compression;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Small HDF5 files written by real h5py 3.7 (HDF5 1.10), netCDF4-python 1.6 (netCDF 4.9) and pandas 1.5 (PyTables), stored gzip'd and
/// base64-encoded so the suite checks the HDF5 reader against what those libraries write without needing them:
/// <code>
/// with h5py.File("h5py_default.h5", "w") as f:                       # superblock 0, symbol-table groups
///     f["x"] = np.array([1.5, 2.25, -3.0, 27.1234])
///     g = f.create_group("obs")
///     g["age"] = np.array([40, 51, 62, 73], dtype="int64")
///     g["bmi"] = np.array([27.1234, 31.5, 22.0, 19.75], dtype="float32")
///     g.create_dataset("sbp", data=np.array([130.0, 117.0, 95.0, 88.0]), chunks=(2,), compression="gzip", shuffle=True)
///     g["code"] = np.array([b"I10", b"E11", b"", b"J45"], dtype="S3")
///     g["name"] = np.array(["alpha", "beta", "gamma", "delta"], dtype=h5py.string_dtype())
///     f.create_dataset("X", data=np.arange(12, dtype="float64").reshape(3, 4) / 8, chunks=(2, 3), compression="gzip")
///     f["comp"] = np.array([(1, 0.5, b"ab"), (2, 1.25, b"cd")], dtype=[("a", "&lt;i4"), ("b", "&lt;f8"), ("c", "S4")])
/// with h5py.File("h5py_latest.h5", "w", libver="latest") as f:       # superblock 3, dense links, layout 4
///     g = f.create_group("obs")
///     for i in range(12): g[f"v{i}"] = np.arange(5, dtype="float64") + i / 10
///     f.create_dataset("y", data=np.arange(10, dtype="int32"), chunks=(4,), compression="gzip")
/// ds = netCDF4.Dataset("netcdf4.nc", "w", format="NETCDF4"); ds.createDimension("obs", 5)
/// for name in ["age", "bmi", "sbp", "dbp", "ldl", "hdl", "tg", "glucose", "hba1c", "height"]:
///     v = ds.createVariable(name, "f8", ("obs",)); v[:] = np.arange(5) * 1.5 + len(name)
/// pd.DataFrame({"bmi": [27.1234, 31.5, 22.0], "sbp": [130, 117, 95], "code": ["I10", "E11", "J45"]})
///     .to_hdf("pandas_fixed.h5", "df", format="fixed", complevel=0)   # pandas 1.5, PyTables 3.8
/// </code>
/// </summary>
public static class Hdf5ToolFiles
{
    public static byte[] Get(string name)
    {
        using var z = new GZipStream(new MemoryStream(Convert.FromBase64String(Gzipped[name])), CompressionMode.Decompress);
        var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    private static readonly IReadOnlyDictionary<string, string> Gzipped = new Dictionary<string, string>
    {
        ["h5py_default.h5"] = "H4sIAAAAAAACA+2aTUwTQRSAZ2ZbugJCa4mARlkTE7nRChojiV2EKhAjjXjgRLr9AUxaIYJJTyiJidWLHkjkZEyMCSfj1cQQvXk0XtQbnCXGAyEeUNzdmdnuTum2EDAF35c0r/Pm7c7u7NvJe/P2UX"
            + "/flcO1x2qRgSwjD/IjO5uMhW5nm/fHmcRM5plcJFyPzb4Wpg+w84t2N29Eo4b1pgAfJ+ShUkbA/0h/tCdmyBHWbmfyI3Ha5ZicTEwju31yMjtl99NQheNi5KXHYN6mnowxVTC3tKSk9xs9ASXCfFVF"
            + "XXWoa1Oi/V5da/QTQjD1Z3o+CXPXVoQryFfVcxi+PtSH9bvl77Pa4W7P7yZ/0d2Orzo5r3M9eeF1GvD3X5H2tz+XWhfF+y23LuYDVLbAEgHsmF8RKonK3rL3T4ZnTj9r61b5OtvJ5CUmB5h8u/G1B6"
            + "EN/fdG/z3vyY0m4/ex7+GDEZ8P1ZzBS6ZiTqpf0RoakO81/jEQDkXDYf3Qwa5zhrOrbYUV1GNrS+ZqWWhjoW0s/MbJ1Rrf6qk1b/tvNBiZ+9yxikc7vTmjA80dX4/XSu8++H3o8izppbrG9fjjleD8"
            + "H/IqjFHumzRP1ZO6Wl9bzr7E57E1LcsRLUEHoqxFkilwFgAAAOAA5lU8L1Kc2wBIG0+bMpG9ZcrpxBTLq1Jmx20tm7bH7e27nlf5TVO/jKy8yj2fUkrkU0+r8jnQvMpr5Tc5f2X50qcjleVfygl3O/"
            + "68Qifd7XiesRys1rxqp/l6G9MpqFlGzfdQuXxdlZ1PojrzdYxq9mb/QqJnrEMXzD+Y8KhcNjPb6Ym7Y2OZtOXPmOlT6bGMNpO2xrPmk5CfTYXA3rbN17+r82Hk01gfQsynAyXsYzLPzwsX51gXhQ1J"
            + "gpz7FAAAAAAA7D+2H0/S+CiI+Q5mqfjxDgsR6oURFw7YfNB4slXv97NoGdsipML8IGF+Ztn8qFUdX1/tHbqGbWkAtvIGyriWzWq2uJDrU+nMjIaoj9jnK5E21Vab22uZqQnNnsU2wrsJAAAAAAAAAA"
            + "AAAP+K4voaraRiut1TlN8Xt7dbb1Novc0ar1xdTYqxmj5hw7N9ldiezAetr3mK6mutZY5bYlfVJOjFz3y/MLtmVLiprfheom4nno8cEtqCHdTxAAAAAAAA9iqO9rjWFUlRfLZomh6VaOlNq3Ac4/tR"
            + "/p1fQojFS7FVbJ5kffVljjXqwB7kVgcOsghUcRz3F81eJsuYOwAA",
        ["h5py_latest.h5"] = "H4sIAAAAAAACA+1Za0gUURQ+M7Mv11V31y1NpDapsD+65qMHxY62DRsVmZoUgdQqYmglBLJlT3th/pEIIqEnRUU/CqI0xSgsKCpKAiuIkIRCCDEU0zTtzr3nulZIEdMPh/1Av3se95zjt3DvOFvr9y"
            + "lR1gSrZLEAxxgimMhsD/rX1gwfXOv35YnuSntc+cSfoOicuJHDKoIAYIoGQtKOwM42LGSyqR5hV94MdGTBP6K24kzNJCOx5mywObEs/Q4ybID/htk3jnXQkchfKLjIBIIgGDHGWXKB4HB7gWkuQ0Yk"
            + "ZIxJJE5mlqwWMrNBwCAk88I3Ycrh+8wWSQstknWgxfo1H25poUWuDrTw1LXP0kKLoA602DK76YIWWpzXgRatW09WaKHFYx1ocW9fXYyS7feBEG2V0NdsZpyU+b5dyfblgHAWPZ0RjNkF1/eTZbIyK4"
            + "b+nt+16eVkPXu9uJAZWZDtcsNpFXe9jL94nz9TATJji1xKwfOeeNMp+jBfQH8E5ttlFn+Fdfq9bL+IdawYd+C+txgfwLoSxiMx7sA5O3H+QWQD+m3ITtzXhXMNYX8DzmXD/k7kj9hvGPON2C8K851o"
            + "d2OdEZzThPujsV8s5n/G+CjWNWM8BuvEyn/6HBi75D99DoxdcrCoeDOBITDPXWoKACwCM3FtIS5jIMtdaiauNxAXLOoins4StfwIOCGMMMIIIwy9Q4unrV4dPG1dOdTwVQst4iOmvhaHR881a6GFrA"
            + "MtNl99skrJ8+eC+pwtgh1+e0u2RmD2O/5uSfyFEba/7GiYsJOVdhMOJnDf/nTpdU4B+b/AqOZFEk9JcoqL9+BdDjw951bySRbw+QT4mUP9ciFIevBIEXbiDTlXJpY9yilYrYAx9TapOY24omD9xcGZ"
            + "cJkso6GlemkSVFJvSs2lubCULj/VLUuFYrrc+GKlD1bS5fKCnnxIosuWI98K4Thd9lgSKuEULVa/734jpFJvW0fzAyiky5N7Dg3BXro0x27zhE/vqXhblOngVLjeer1MCy3qdaDFQHdytRZaNOlAC/"
            + "usonW/aoEvX4CzZAPBbqHnPD3bqQZSJPGSbPVrERqxOEiGSAoYDJKVv+SBa1NIi3LZ3q/k568YvxgFcmvcom+vHjauUvy+nPGvZVS0HW3YI4BY5Skcv6/EqrSAGDIWbJdCRvpuQ8jIOGoMGZknTCEj"
            + "i9/YqrHQ5ggZi+KdIWNxynRuSFVpniVxE6w0JT588GuOH/qTOIF4HAAA",
        ["netcdf4.nc"] = "H4sIAAAAAAACA+1afUxbVRQ/7/WD0jLoZoHBNuk6xthGGnBAppGt0I8V7QApyZZpsrS0o01Ki7TsI0YXNXMYE838T2P8Qo3RZfsHhprNP5xEjP6jMWKIITHOmBgy2T8zRhd89+O0e11bXGzHUt8vbc"
            + "575953zz3n/O7tS+953u1wrdHX6kWdDhDLHNE2dt/M9fNVJxZ63Y5+sWxStFCNysCbGs1MPqZlclLFpF4EgcjKjaAm/YXk4Okoc9IBoRx0pOvhHnvfaGwkOJoIB+Nwj9RELIrS92hwNB6ORTvua4oG"
            + "E4OBIx2t1vutzU2hwJG2jhZrS7N1N6wlQ92iXjr82TSd/prdgmAiXURBEDTcA5QqE5nx2s11dMIAZqjWQfVJ0oP6otIbjQAG8LSy/haBSfRwTXYPdzIPtcxDu6fT66WeGblnju79zh5vd2/PYa+90+"
            + "OEskMgWVRJU6MP9HTud9L+Nt5/IBSOm6WPzyxFwu5wmQPh4WCUBMfsH0uYo7FEqumobzTs80eCVjOiDciERBryMhZyGs9WR3g4HACjxAeMgJikRpNm+RyL4YaVY2jeC4xUNmg1QOuyxAlNOY3hjhTZ"
            + "Xt+nWweMGus5l0AeUTF7RDtZRE2SA6aUA/ZYbDQQjvoSEnNkbkhT5dkCAVIo87A4V0iZMN2cBk+3dwBqeIaqpa+OO5w+CpW61PW46YG+Xrv74fyOTNbUhOPKlq4Bt0NikZSVCkkTaPxtJ2s3AC7HhS"
            + "dbP8i/fSK6e995m6+n5ZbZBsYFyDsXGleLC2RxA7zAZ38I1RsgN8rbzp8mAWeP/8IfPybro62ixtS4mlT+4fBeNh949/z2K/lPGN1UnvnmezIyWsfZqGL++O9pM0vmLBKIXLbI27TYFgpELtbztkrW"
            + "VsLbxMTQTAO7rK0ee5/yVENmYWA83Z7O03NXJz6GS4YDdYXiUd/q8uiQ6jZ5VDEYm7s5WzikyjcU3CXKM6LCtrh/5LRW3oZpVgX8I/P8t9nWrr5+i8F99l4PNWKU+4DBRIqIWfSqLHp1Fr0mi16bRV"
            + "+SRa/Loi/Notdn0aciDwoUKFCgQIECBQoUKFCgQEGRQ2djch2X67m8l0uLrbj6AZdlXJq4rOXSzOVGLjdzWc/lNi53rPD8Fi4bVpjPVi4bbQoXFShQoEDB3QRXv7uP/hkv4kkBAR6aXOP3Aj80Sh4X"
            + "iPJRDP/SmvqmJ9mJhFmSi1bUBS/PLbu8XmfSoCDNoIL0PLen/RTAwT/aDxbqmPp4cRxTE2v7TvWPuLxuB8C1TD1lCemD49LcsOUTM3/hAbkcv/7iGCTLEECX7pc6lWCKXWkE2auW3+O5FgLPshCvbX"
            + "v0r0Il+s3iSDQJwp9nqizkWBFdwwmb0OJZctJGLDYTi/1Ol7Pf2WN3MovtIrMY8CV88WAiZTpHotNT8F8TjcfRiI4vdpwoVOJniyPxJKLHhIXSnIm/SLrnM/GYR22BEo+1B4jpNxqvFooIS8VBBPKz"
            + "vbW84oecRPianJ3nkwh4cl9yh4iAlSeIx+s/nSlUWcn6mlUiBisrmb/dshL91M+PdA14XKB54savTTAsqapgY4PxQThAL798LuaEnfRy8K2zMXiWXlpuPB2HSnr5aufsy7BA/sEAXWntBHRS7Rlx7h"
            + "KcJ/7DR1MPzcDn9E1g+qmTM/AK7aCe++pbIEUnNTBua3Mpr9GrCJr/1BpjeU1yiyU/uURZfrG4h7MkuWAZf3AJcbYkh2apx2XP+ZFcRYwjWKbDOYXVOZwrFyaarErC8oycu/+PpEIqn7t/en3Wnd79"
            + "Fxrl9y/VbQq53I6uZKU6Jf3kT5HMFZGZK+8y125mrsTLXIOXucYyc3VlxrpKQY0RLRmKjA3G4kH0VFDjotKE/L6WwcVm1OPq0oaC4aFQYuuu/+sKKNBrom213gby+5pI6DM7v/Rhzo1ikfyJk8+NAk"
            + "lbepdsFLhsEN9NbVoqFHFCxUEcsr84L1x/Lydx/pa+eSUO7mr6u5Q46dts+x7d2D+vUTG4bjUAAA==",
        ["pandas_fixed.h5"] = "H4sIAAAAAAACA+3bwU8c1x0A4Jldgzc2bUgTy3aqKI6UAz0EsYhUtD3Y1MbBgQAC7DqHiCywsbeGBe0uViz1YFVtgyWkHrJVT1WlnnLssccec+yf0GOO+Q9cdnZm2RlgDUR1UfN9tnjMzO/tm9333s"
            + "xvZthnU7du/+DCmxeClkIhOBcMBt2ex3YmBlPLyfZP4zKMy524/CqXrO+Ptl2J1w/Gr38t317+d7x+aWFyshX9PCNp55/97bIQ8H00NTkx3yrvd8ZR29e5dNzaZ+nxOPUd230tbik7rgeCa53x3Zo1"
            + "S3eWZvYGcPD6YLvtXPS/FTfUFVcIbs5MLC7GcX1d+/nBwtzd+VR8Ifp3b3Jh8c7cbBSf74ovDo/E+zEex1+J4uc/Xpr45czk4vLtuYWPJpaWj6o/OlyM6106dH4W4on2TXi8+RlcbBf3DdXv9fz8e7"
            + "z8eVzOXzvZfDmpxdm5W2E0W2Ln0vN/KF6e6tdHvSTzfvxS3G/BWTvOjcTxA1H8Vqm6VqovN55slaP12XY+q5U2yql6r3bXe1yu1Sub1Xa9/q56I8PF94dHu+u9EtUrV1c31yrVB8nnlW3v7tLt98ZT"
            + "7+t8u16ttlmrH2yn3qhVVhvd7fRF76y6VtmI+qOQ5Do3UuM51+mXpN4Po3ZKn1fqI8uPS7VKufEk3r/zXfVq5Qfb66Va9DmEXS+Y9PvUG+3lbzPjIr/32q3Q1+Op1Rcv53K5sJ2Ptc8c+XBqINmzbj"
            + "+K30Ur+FdvXn503HEysbAw8fEJxsno8NipjjPt40ehc/z49pUXzZM4z73UO24oyReu9o5Lzrv/uPyC42tcPnyrd9x4XD79ce+4h3F54+e945Lz+Y23e8etbFSC+spWsDdLykHmmiD5wP+42Hj3z2//"
            + "oj2gn15vl8FPb+zV/W0csh2Xy8k0WdnqfkUA4CwJ40wmDMM4bwxSZTYvvj0zcW9u4WDeV93e2HqSuq9xMcqLG7VStb61WS+vtePe6NQppHKN8EB7fVF7jyrVtSRvz+bhraw+G19tXz5EeW+uK352OJ"
            + "03P7ycvV46mJcXj5WXD0Tr/hUe7/PM77UfHnKdcHR+vjSQzjjPdn5+lsZLd39Vqo3yg3Lt1ONl/mo6r94fL4X29d/K+ubqo/qR13/5zn5fiNbtdMZLvD+5MBMXHLF8Jfr9tWvXO+2MXQzGnseBR4+j"
            + "deOoxzhK+nnwrWw/j3fut7b2I+rmkeVKo7xR7zo8vPD48PURx4fwQP/uX7fne/bn7wbSI0R/vszzSDKPn556Hp/0PPCF+XuM+fvNz44xf4tnYf7+1fz9n87fwUPvpwbvpMdP9j77Tjy+Ps1s7/RzPk"
            + "j3cy53/539ZHvwNP3cPS7vzbR7+vj34cfSeW9/+j5nVnQ/Oi5bTxrj893j0vp2ub6/HM2fIFkuZrYXM9tHM9tH97eHmfufp71uSV4neb65n59dbD9fXZy8e2tuYmnuo/3nAN3jaHPl1+XWff3W89Lw"
            + "0Oelg4fux87EwT3rvt8MAPz/+eDm3EzYdcJP8omv4vJp35/+Ev+6eylKjodXN2vl4Y3t9UalVKuVnjR3B5Zr5dXN6l4qu73aaH7Z3O2LApu756tr7ZAvm9PB75s3w5XmF82F5tB0OJ2fDv/QfJjf7V"
            + "tr/SlFq1Jubrz5bKe9Pb8b/qY5Ozv7YSt1iX5MX280V5590hzazd8pjjR385PF4t7PD8feb5b3tgwn72f8VX0KAAAAWcnfY1yNbwEMBunnWt/1OVjyPbbs92EOfa45+nKea/b+PsHf4uea51Kfk+ea"
            + "Sb/9d59rAvBytO7z7/wkfYwHAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAADiJ/wBhAXYRiEEQAA==",
    };
}
