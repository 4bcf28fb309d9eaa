namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Small files written by real R 4.2 (saveRDS, save) and by numpy 1.24 / pandas 1.5 (np.save, DataFrame.to_stata),
/// stored gzip'd and base64-encoded so the suite checks the readers against what those tools write without needing them.
/// The scripts that wrote them are in the comments of <see cref="RealToolFileTests"/>.
/// </summary>
public static class RealToolFiles
{
    public static readonly IReadOnlyDictionary<string, string> Gzipped = new Dictionary<string, string>
    {
        ["df.rds"] = "H4sIAAAAAAACAwEUAev+H4sIAAAAAAAAA4vgYmBgYGZgYWJiYGYFMhlYQ0PcdC2AYsJADhsQ84EUOFjLT1cpCe6v/wBSw77I/rIxCJgAObxgAxgYmhoYwKAUyIWJMQIxE0SchQnMZ2HgBJmbk1qWml"
            + "MMZAmAVMBE3VJzE3NSoTwWXxAbVR9rck5iMUwb3LC0xOSS/CIg6x9Uhhkqw+xpaACkOP8DAUzI1dAQSHEhOZAB4kBmiEdPxYJ5QBosDPMwxCFM/9HsZnFJLEmF2Izq0LzE3FSYQ9lgdiflZsKYxUkF"
            + "cGZqBcy05PwUmPfZinPzs1OLYOaVZRZnluBwBFdKYkmiXloR0Eo0Z3AW5ZfrwZzCC4sMYGj8BbkZAMYERGn8AQAAL964DxQBAAA=",
        ["df_ascii.rds"] = "H4sIAAAAAAACA22Ry07DMBBF9/dfEmX89rISVGIBK/gAN51KEUmD4qjw+dgurduKzch3HnfOyBtICCOMdiBvnXPQ+HjfNg7WWRiQyg22JSEV3jboWgmSyKHLmsimTsoJiJLohMlvI0jLZDDyiccIMq"
            + "l8TW55CiNftMJrVveTGv0YYhm8cTuEfp0XCK1yQV4KEi/UwaOhmnkmSpYFrJBaJwq28q5Ef6W1xt6tUXgKK5+XPDAdw8SFydRFu2moIu6+bgT/VM9+3nM9JE7zJy/V+DTEYf0fJx2xD2toD0ta/kDk"
            + "sczf7R+VPP9AIwv6Lx/sSX/aAQAA",
        ["df_v2.rds"] = "H4sIAAAAAAACA4vgYmBgYGJgYWJiYGIGMpmFgQQbEPOBOA7W8tNVSoL76z8AeQzsi+wvG4OACZDDC5IH4qYGBjAoBXJhYowgMyHiLExgPgsDJ8jcnNSy1JxiIEsAYitE1C01NzEnFcpj8QWxUfWxJu"
            + "ckFsO0wQ1LS0wuyS8Csv5BZZihMsyehgZAivM/EMCEXA0NgRQXkgMZIA5khnj0VCyYB6TBwjAPQxzC9B/NbhaXxJJUiM2oDs1LzE2FOZQNZndSbiaMWZxUAGemVsBMS85PgXmfrTg3Pzu1CGZeWWZx"
            + "ZgkOR3ClJJYk6qUVAa1EcwZnUX65HswpvLDIAIbGX5CbAU0l5RHzAQAA",
        ["seqs.rds"] = "H4sIAAAAAAACA12Rvw6CMBDGj3IkSNQQ8BFc3d1g8gk0cTMFGRiKEBj0bX0C4+hE7J+rQptcfl/uvn7ppecIAHxAxsAPpITgdDzs9gAs1QOAlywmywOEheS6vImWl8Olboa+6pwpFryvqLfSfcNR3V"
            + "SJ+Rb0yd5zTjxR9nQ8H8OcjDkSQ+KSGBMT4sZGM5WLvxx07iXWh9Nd/Gst6PnsXzNLKC0NF1UvdUqeWNPMvbsVD3fSWtGZ1We5gQ2NzfcYJ7eisEK9b/wCXiy9VcQBAAA=",
        ["results.RData"] = "H4sIAAAAAAACAwHZASb+H4sIAAAAAAAAA3VSy07CQBSdtsOrESTA3g1biQQXJi5ggSQu3PhI2Bgy0KlpbCm0FXWl8Qdcuvdz3PoDfoFh6UbwtjOX0iKTTO7r3MfcM+fdfkvv64QQjVBVJVoGVJK5uu"
            + "ztHxHwgKEQSgogVcMEVBW0LNxSmNI53nurBxevT/MwK/fe/myF5xCMYlSSkJdnEp07MNGnhNWEP9Eha/MZt33QyiECvT3uMJtLi56FejIvM7KZj2mrYiYbBa4H2kJGNBnRTpsHIApLOOg6aTZB6GsD"
            + "EjGgJh76cR1ZICM3PlgMoi1TvWmXBVx0Tg46Zg7HQbPYe+hYqPrDyUrlD1ht5Br4/KzvuLfcw3ozy7eCLUPoBgtYw/SgZWqMgufeN3CUIpIB2/j9Z2bq8yng1KrczXdETRwvjVxnAqseWOMAoKkoHT"
            + "KfS19RbrYoORGbrYv/0Z4n5RpGb3+lMD9CdiSwQ6XMS7kjZVnKipQ1LK2GdemqDk3lVRCX2IRmWA4uLL4JSB4guNiqxJRJ/JcV5FR5TEeQeGUak0CRU/y6CkNliIpDNjmDNptE7Rrc5J7HjYEfeNb4"
            + "RoTzyxQ7Zbl5NS6RW27BJpmspVia4xYjDOagvfgD62GNQ3sEAAAhZYdK2QEAAA==",
        ["df_bz.rds"] = "H4sIAAAAAAACAwEnAdj+QlpoOTFBWSZTWeTLHAAAAMp/9v+zSACEA2xIxyIOQj8v38DQAICAEAAAEAgAQAOwAPhIij1T0eqPKep6IaAaABoaAA0xPRqHMABMmABMJgmEMARgASJRpMpo8iNBkAGgGj"
            + "1DQNAaepL9NE7Mrki8WUjY5k3RXWyeLCwChrBKAmHs7UZ8exdM3c6TB6d12KQBiGj34oSv3r706JCEqWI1a8+jJV9QYaoJ2VIqaS4UA0ksrgVEQwUmkJtKTADwZDGxPo05vL73y22tXa2a3HWT4Yz4"
            + "4myeI4WAaTzNjnCeaSxvSrF1/KOltC8q3Acr3JTEY60gUQC0t2s+R1QEg93uKFDAHF54ZxBUZPpHgyUXWNjTRQEQUsD2TVJCI2/8XckU4UJDkyxwANdVpRsnAQAA",
        ["df_xz.rds"] = "H4sIAAAAAAACAwEsAdP+/Td6WFoAAAFpIt42AgAhARYAAAB0L+Wj4AH7AO5dACwCfBn5r/QdO56YNX7q0PQhTbNFUsa9mj0VBHndB0hstGPTYYM8HLIpARrh8WEBbh4kI95KDZe24WeoKfG91gwLax"
            + "zbglHV+A4WObCD0rZ6SuKK9rfB5zRAAyuKWDKG1PHb0bgOqxD0kKozsEUhdbYWuwHJ83rR+1Lit3R+FNt+rU1hh7d3V6VC+uRolX0/hXievYGdqVhZwH14En+SmH9JGEH0LKajfxvULT/jWvwH9R+5"
            + "tflomd5wO6JUsHIM/KF5boC94r1gTxR+4imd593X3NxP2p0Ui6diXGnbuFGT/o7YhZjjqFFaI718X6QAAADGBERpAAGGAvwDAAA+Z4q/PjANiwIAAAAAAVlaHPm0HSwBAAA=",
        ["df114.dta"] = "H4sIAAAAAAACAytiYmRgY2BmoAEwslTwyy9TMDIwMlMwNLUyMWb4/5ft/7/fSbmZ+DUWJxUQUJBagV9BWWZxZgk+BWnGRgSsyE3MySHer6qGBnoG6QykaDAiUYNZMWnBr1qSTKIGS9JcxKBqQaKGUT"
            + "AKhhToDy5RmS5v7dAEZLulAouEVAYGh1t+E0qddv654cgIUfSgfgqQ9AVLAoHDQqD0rJkz7X6bGIPAZftSNFMf1DMwHNifAgDCCv5MewUAAA==",
        ["df117.dta"] = "H4sIAAAAAAACA+1VzU7cMBB2oVoOPfXQMzl0xa3eZCktZTRskcqBn73wACtnY0qkhES2d7V7QioPQA+VKqpekHgJTuUduFQ98RRQQaXUib1dSKXd5tiq3yGfZ+ZzPLbHNkjFFOsEiiHscRZwgSB4xJ"
            + "nk6LovgI4M8IeKJyIXbO2sAx2bsIk1AnQToY2zhOhmGyFiPo/w0ZtBmgjlKC4VUOMDFcbaZHGKj71lp530Ha/hLTnu81eLTaDjKNBRQjFLkVicWp5/YHjL8sKM4Q3Lh7OG04eGhzXDny3X5gw/sexZ"
            + "RstA81Ghz0TI/Ih31DDlEq+y71mNXGXX2U0GtBTMxftMp49+HJKJkH46RcAHkwX9UIZqkmC36U0ZImZRNElQTNBMCKTexiiUCsuSXwHYTUTMlMS623jWeEv+HHXXq9hhSZJKqKtuxQ7L1TIi9ZcVOw"
            + "AdrZcum6jHO8Xp6JjlJv8E8vopz2x8oAqvxLUkGDoxk9IJ94NpRf8ff3Ep3N936O4xwbqKC315hF3toL95Av004dGOevpxfqX1Tv9mnes7ixPS+tZ+31s7+/H1tb39Lw8+6O92EdRonejwp+NjvF1s"
            + "5rhY7ZUSujwg5PxLALQYA6QSeU7U8p26zb0lc/xk/gSR+1MqPgcAAA==",
        ["df118.dta"] = "H4sIAAAAAAACA+1YvW7UQBBeRIiE0nBPgIu4Zc++ECUwWi6RSBM4CaWkOI3PG2Jkx9bu3ilXRaKhDFKQUOhS5hGoyBPQ0CCqvAJNiADJrL17HJjOjYv4K/xpZvbnW6929gekQoXDUCGDPY4hFwwEjz"
            + "lKzjxvDejMgGCqeCqKAk92toDOTdhmiwToNoMBu0kMgA4YxBjwmC2RxwdZKpSjuFRAjRNUlGgTk4x1/HVnkE4cv+uvOt79Bys9oPMo0JmqBDNmWydnlpdvGH5mOV4wfGT56pZh97bhT3cMf7P8vGP4"
            + "peXXlo87s2EUvcIERYRBzIdqmnHJLvOrfJFc5t/zHznQSrAovI9aPguSiDQKGWQNC+AHzQqYRDJSTQrY7fkNT0GCcdykgHKBmAUBUqeBOJKKVYv8CcBuKhJUkrle9173RY3+XM+vWXFV1huhq0Y1K6"
            + "7XU0rctZoVgc7+r05T8ZgPy2w8NNNDWrS49ijyVXVlzA8ApVeyzTScOglK6UT7YdObXIsWLVq0aHHttup/92UY7aHAkeJCXyaikXbQ/zwhKmRHO2r53d2H/Ve6mS2u70ickP7XwZvx5odfXzbsa8LF"
            + "4Vv9fVoGNfqnOvz+5IT9XOkV+PxoXBF0cUjI+ccQaNkHSCUKTdTyX+eKwlsx5+8wvwGX1O97kxEAAA==",
        ["df119.dta"] = "H4sIAAAAAAACA+1YTW7TQBSeChSB2JAT4AVhycROWzXwNIRKdFPIJgeInuMptbBja2YSNd1U6gVggVSVDUIsOQEruAMbxKLqKVpEK5mxZ0IglVh440X9LfzpvTdv5huP5hekQoXDQCGDXY4BFwwEjz"
            + "hKzly3C3RugD9TPBF5geeDLaALE7ZZgxACdJtBn90gBkD7DCL0ecTukGd7aSKUo7hUQI0TVBhrE+OUNb2u00+mjtf21h137dFqB+giCnSuK8aU2drJJ8sPVgwPLI9vGn5v+VbD8Nptwyd3Da80Db+y"
            + "vG/5yPLH5rwbeaswRRGiH/GhmqVcsrPsZ9YgZ9l59isDuhTMC49Ry2d+HJJKIf20YgF8r1oB01CGqkoBOx2v4iGIMYqqFFBMEDMhQOplIAqlYv9P+FMMdhIRo5Ks5bYftl+WaL3leiUT12W5/rbUqG"
            + "Rit5xS0toomQh0/n/1ohVN+LBYm4dmsEiNGtce+eq1PDMWx4HCK9lmEsycGKV0wnFQ9ZZXo0aNGjVqXLut+t99GUa7KHCkuNCXiXCkHfSKJ0CF7PVA3T+697h3qKvZ4vrGxAnp/ei/mWx+vvz+1L4t"
            + "nB681d8XRVCj90GH3x0fs4vVTo5vTyZLgk4PCPn6JQBatAFSiVwTtfzXuSL3LpmLd5nfzW+XUKMRAAA=",
        ["cat.dta"] = "H4sIAAAAAAACA+1UO04DMRB1gBSUlHShoMVJ+AU0mgaJJigNEu1qNnGyK3nZlW2CcgCuwaG4AAfgBjRgr2cJCR1CgoJp3sz4M8+e0QPryFEycYSQKZoog2CUVmQV9noDkE0A6cKp0oQNV9eXIJchDL"
            + "ElQA4RRrgpooEcIWhKlcYQRA9cXihfr6hwp3/WGZXzTr/bP+n0js+PDkEuV0E2VAqqkK8Uj4y7La7B+MT4wni6EfGZ8WIr4pRxzvjAeNOOmLYb7qEqzMnklGqVuEWlLL6+gVxLhS235EnjzFTiV63m"
            + "FrmALY3TuXUYFz5CmJamIGdxf3DQnX2vSnOFf7q+U0nd1+QP/cE6qWUX66xF8W8/MGkrXwrjjAyNnTJ+yvKxT8gvmYkXGa8SLZC1B9aZcFIyfmqcj3Sqcc+X+vWJ8hY0ZJt91gcRdCbLZ5nQ5X0QN0"
            + "93ZfbiwxpZfQfhLgDPYgUAAA==",
        ["strl.dta"] = "H4sIAAAAAAACA+1UvU7DQAy+AmIH8QBZmI+Wn6rI8ghDURn6AJHbGhrp0lR3R0U31AGJB2DgEXgVBp6JS+KQ0kqoHdiwlPv874ttHThPnuKRJ4Qx04gtgmXD5BibzTboSoDB3HNmc4eb/hXoWoQuNh"
            + "ToLkIPd5UKbA/B0IANBr5kwCcph1LpFA9anaiXzaLWSesiap5fnp2Crq2gq1ukNEUl9CZ41CixLZgKPgt+CB7uiF7wXfBT0OyV+CL4Kgg6rwozsgkNDMd+PmWH6gn0iip3mVC4NE4yz+o3KmJLX3CZ"
            + "9SZxHkvDtwh3mU3JOzzuOLUVga5Cw5XMA8dFv+Oy3gbR60H13xfaDbJsS0vdlBIwHJOloWcbupEMg0KvaUZhTzGfb/Xt/EhZmMF5G9Jd928rp0USTopMNrmPPD/66J//O15J4/PJLPbD4cZhw/NFL8"
            + "ayvKH5iFfE+iX6ApBgDnCVBAAA",
        ["m.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CkaaOgq1CmQDrv7gEpXp8tYOs2aCwE77vknhzyUCuA54rN8z69P1KjsAFg"
            + "YtNqAAAAA=",
        ["mf.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEg8pKk0FChdnJBakArkaRjoKxpo6CrUK5AMuBjC4YA+huRwg9BcoXxDKZ4LSog4A7QHoALAAAAA=",
        ["f32.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6mjoKtQoUAK6df244zpo50w4AWGzyHIgAAAA=",
        ["rec.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6lEK2hnpSbqa6joG6TZqGuqaOgoZ4H5mWaQHjFIF5NsJG6ZiyQkZZfVFKUmBefX5SSCtLulphTnAoUL85ILEgF8jWMdIC6ahWwAS4GMPhizw4kE5"
            + "MgPBaH/0DAwAAAcJlUqZwAAAA=",
        ["obj.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loF7jr66joJ6WX1RSlJgXn1+UkgoSdkvMKU4FihdnJBakAvkaRjqaOgq1CpQArgbm5LzS3IJKveT8olS93NKckszEoqLESq74otTk/LzikqLS5B"
            + "KuQgaIKq68FIhsIaM3Q2shkzNjUiFzeyFLUCGrhjejN1NrIRtUYUpJZUEqVyF7BBMDA4O/RSFHZ0d7IWdQIZeGN3MEI1CsppDbz8/P6z8QgAlv+5JCnqTO2EJejdpCPrCSxEJ+b8Ziv9SSQoEkPQB0"
            + "PfuOKQEAAA==",
        ["u.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loG4Taqyuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6mjoKtQoUAC5HBgaGJAYIqADiSiCuAmIAZwb7cpgAAAA=",
        ["dates.npy"] = "H4sIAAAAAAACA5vsF+obEMnIUMZQrZ6SWpxcpG6loG7jaxHtEquuo6Cell9UUpSYF59flJIKknJLzClOBYoXZyQWpAL5GkY6mjoKtQrkAq5dJgxgIGQJoQG9OK/WkAAAAA==",
    };

    public static byte[] Bytes(string name)
    {
        using var gz = new System.IO.Compression.GZipStream(new MemoryStream(Convert.FromBase64String(Gzipped[name])), System.IO.Compression.CompressionMode.Decompress);
        using var s = new MemoryStream();
        gz.CopyTo(s);
        return s.ToArray();
    }
}
