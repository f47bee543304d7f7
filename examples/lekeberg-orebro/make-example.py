#!/usr/bin/env python3
"""make-example.py -- writes bokforing-2023-h1.se, the books of the bundled
example förbund "Finsam Lekeberg Örebro" for January-June 2023.

The .se file next to this script is the product: it is compiled into the
finsam binary (`finsam example DIR`) and read by the tests. This script is
how it was made, kept so the file can be understood, changed and made
again byte for byte:

    python3 examples/lekeberg-orebro/make-example.py

The vouchers are invented. The balances are not: they reproduce the
förbund's real interim report for 2023 (tests/data/seed/...-2023.txt), its
resultaträkning, balansräkning and notes 2-6, with 2022 as the previous
year, and its forecast's actuals per intervention (insats, dimension 6).

How the figures are made exact. The report prints whole kronor and its
totals are sums of the rounded rows, so no set of exact balances gives
every printed total (6 290 501 assets against 6 290 500 equity and
liabilities). The books are exact in öre and every line that is not a sum
rounds (half away from zero) to the printed figure:

    2022: balanserat resultat 1 670 165.70, årets resultat 689 771.60,
          ersättning för höga sjuklönekostnader 38 717.80,
          övriga administrativa kostnader 433 433.20, bank 4 301 311.30
    2023: balanserat resultat 2 359 937.30 (2022's two lines carried),
          bank 6 134 556.50, semesterlöneskuld 34 047.10,
          upplupna kostnader 1 796 139.10, personalkostnader 522 945.10,
          övriga administrativa kostnader 232 616.90,
          Coachingteam Örebro 1 977 400.50 (the interim report prints
          1 977 400 in the insats's own card and 1 977 401 in the forecast:
          the card truncated, the forecast rounded),
          Arbetsträningsplatser Rosängen 101 399.40,
          Mottagningsteam Lekeberg 139 821.10

Every other line of the report is whole kronor in the books (single
invoices and accounts have öre where real ones would); the period's result
is exactly -266 690.00.
Assets are then 6 290 500.50 (2023) and 4 345 059.30 (2022), which round to
the printed SUMMA TILLGÅNGAR; the printed SUMMA EGET KAPITAL OCH SKULDER
(6 290 500, 4 345 060) and 2022's Summa eget kapital (2 359 938) are sums of
rounded rows that no exact books can round to (see the test).

Amounts a few constraints pin down (a last invoice, an accrual) are computed
below as "plugs", in an order that has no cycles; every target is asserted
at the end, so the script fails rather than write a file that is wrong.

Standard library only. Amounts are integers in öre throughout.
"""

import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bokforing-2023-h1.se")


def ore(s):
    """'1 977 400.50' or '-5' -> öre (int). Never floats."""
    s = str(s).replace(" ", "")
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    if "." in s:
        whole, frac = s.split(".")
        assert len(frac) <= 2, s
        frac = (frac + "00")[:2]
    else:
        whole, frac = s, "00"
    v = int(whole) * 100 + int(frac)
    return -v if neg else v


def fmt(v):
    """öre -> SIE amount with a dot and two decimals."""
    sign = "-" if v < 0 else ""
    v = abs(v)
    return "%s%d.%02d" % (sign, v // 100, v % 100)


def pct(amount, rate):
    """amount (öre) times a rate given in ten-thousandths (3142 = 31.42 %),
    rounded half up to whole öre."""
    return (amount * rate + 5000) // 10000


def whole_kr(v):
    """öre rounded half away from zero to whole kronor, in öre."""
    q = (abs(v) + 50) // 100 * 100
    return q if v >= 0 else -q


# ---------------------------------------------------------------------------
# The chart (Kommun-BAS style) and the interventions

ACCOUNTS = [
    ("1641", "Mervärdesskattefordran", "T"),
    ("1710", "Förutbetalda kostnader", "T"),
    ("1930", "Bank", "T"),
    ("2091", "Balanserat resultat", "S"),
    ("2099", "Årets resultat", "S"),
    ("2211", "Avsättning för pensioner", "S"),
    ("2215", "Avsättning löneskatt pensioner", "S"),
    ("2440", "Leverantörsskulder", "S"),
    ("2710", "Personalens källskatt", "S"),
    ("2730", "Lagstadgade sociala avgifter", "S"),
    ("2910", "Skatteskulder", "S"),
    ("2920", "Semesterlöneskuld", "S"),
    ("2930", "Upplupna sociala avgifter", "S"),
    ("2940", "Upplupen löneskatt", "S"),
    ("2950", "Upplupen pensionskostnad", "S"),
    ("2970", "Förutbetalda intäkter", "S"),
    ("2990", "Övriga upplupna kostnader", "S"),
    ("3511", "Driftbidrag från staten (FK och AF)", "I"),
    ("3521", "Driftbidrag från Region Örebro län", "I"),
    ("3531", "Driftbidrag från Örebro kommun", "I"),
    ("3532", "Driftbidrag från Lekebergs kommun", "I"),
    ("3590", "Ersättning höga sjuklönekostnader", "I"),
    ("4590", "Köp av insatser, individinriktade", "K"),
    ("4591", "Köp av arbetsträningsplatser", "K"),
    ("4592", "Köp av strukturövergripande tjänster", "K"),
    ("4593", "Utbildning för parternas personal", "K"),
    ("4594", "Samverkansträffar och konferenser", "K"),
    ("4595", "Förbundschefens strukturella arbete", "K"),
    ("5020", "Arvoden till förtroendevalda", "K"),
    ("5111", "Månadslöner", "K"),
    ("5112", "Timlöner", "K"),
    ("5211", "Sjuklön", "K"),
    ("5290", "Förändring av semesterlöneskuld", "K"),
    ("5291", "Semestertillägg", "K"),
    ("5611", "Arbetsgivaravgifter 31,42 %", "K"),
    ("5612", "Ålderspensionsavgift 10,21 %", "K"),
    ("5615", "Avgifter på semesterlöneskuld", "K"),
    ("5710", "Pensionskostnader", "K"),
    ("5750", "Särskild löneskatt pensioner", "K"),
    ("5810", "Friskvård och företagshälsovård", "K"),
    ("5999", "Personalkostnad omförd till insats", "K"),
    ("6110", "Lokalhyra", "K"),
    ("6212", "Telefoni", "K"),
    ("6310", "Försäkringar", "K"),
    ("6410", "Revision", "K"),
    ("6420", "Ekonomi- och lönetjänster", "K"),
    ("6430", "Konsulttjänster", "K"),
    ("6540", "IT-tjänster och licenser", "K"),
    ("6550", "Webbplats", "K"),
    ("6570", "Bankavgifter", "K"),
    ("6910", "Kontorsmaterial", "K"),
    ("6950", "Medlemsavgifter", "K"),
    ("7010", "Resor och logi, kansliet", "K"),
    ("7110", "Kurser och konferenser, kansliet", "K"),
    ("7610", "Sammanträden och representation", "K"),
    ("8410", "Ränteintäkter", "I"),
    ("8510", "Räntekostnader", "K"),
    ("8999", "Årets resultat", "K"),
]
NAMES = {a: n for a, n, _ in ACCOUNTS}

OBJECTS = [
    ("CTO", "Coachingteam Örebro"),
    ("ATR", "Arbetsträningsplatser Rosängen"),
    ("SVO", "Samverkansteam Örebro"),
    ("MTL", "Mottagningsteam Lekeberg"),
    ("CTL", "Coachingteam Lekeberg"),
    ("FMA", "Finsammassa"),
    ("IKA", "Insatskatalogen"),
    ("FSA", "Förbundschef-strukturellt arbete"),
    ("VUT", "Verksamhetsutveckling"),
    ("SSV", "Strukturell samverkan"),
    ("ACT", "Utbildning ACT"),
    ("ADM", "Administration/kansli"),
]
OBJ = {c for c, _ in OBJECTS}

# ---------------------------------------------------------------------------
# 2022: the closing balance sheet (#UB -1 = #IB 0) and the year's result
# accounts (#RES -1), from the interim report's comparison columns.

UB_2022 = {
    "1641": ore("43748"),
    "1930": ore("4301311.30"),
    "2091": ore("-1670165.70"),
    "2099": ore("-689771.60"),
    "2211": ore("-113000"),
    "2215": ore("-27413"),
    "2440": ore("-1589689"),
    "2710": ore("-27289"),
    "2730": ore("-24556"),
    "2910": ore("-12372"),
    "2920": ore("-5238"),
    "2930": ore("-1645"),
    "2940": ore("-15041"),
    "2950": ore("-62279"),
    "2990": ore("-106600"),
}

RES_2022 = {
    "3511": ore("-4000000"),
    "3521": ore("-2000000"),
    "3531": ore("-1900000"),
    "3532": ore("-100000"),
    "3590": ore("-38717.80"),
    # direct costs 6 131 866
    "4590": ore("5598554"),
    "4592": ore("186000"),
    "4594": ore("97312"),
    "4595": ore("250000"),
    # personnel 801 769 (5111 below is the remainder)
    "5020": ore("46800"),
    "5211": ore("3950"),
    "5290": ore("-1870"),
    "5291": ore("7400"),
    "5611": ore("223118"),
    "5615": ore("-588"),
    "5710": ore("62279"),
    "5750": ore("15041"),
    "5810": ore("4200"),
    "5999": ore("-250000"),
    # other administrative costs 433 433.20 (6540 below is the remainder)
    "6110": ore("77400"),
    "6212": ore("13860"),
    "6310": ore("6600"),
    "6410": ore("42500"),
    "6420": ore("63600"),
    "6430": ore("41250"),
    "6550": ore("38600"),
    "6570": ore("1320"),
    "6910": ore("3104"),
    "6950": ore("11000"),
    "7010": ore("18236"),
    "7110": ore("16800"),
    "7610": ore("23790"),
    # financial items
    "8410": ore("-18239"),
    "8510": ore("117"),
    # the closing entry that carries the result to 2099
    "8999": ore("689771.60"),
}
RES_2022["5111"] = ore("801769") - sum(
    v for a, v in RES_2022.items() if a.startswith("5"))
RES_2022["6540"] = ore("433433.20") - sum(
    v for a, v in RES_2022.items() if a[0] in "67")

# ---------------------------------------------------------------------------
# The vouchers

vouchers = []  # dicts: series, date, text, reg, rows [(acc, obj, öre, text)]


def ver(series, date, text, rows, reg=None):
    rows = [(a, o, v, t) for a, o, v, t in rows if v != 0]
    s = sum(v for _, _, v, _ in rows)
    assert s == 0, "unbalanced %s %s %s: %s" % (series, date, text, fmt(s))
    for a, o, v, t in rows:
        assert a in NAMES, a
        assert o is None or o in OBJ, o
        assert len(text) <= 100
    assert 20230101 <= date <= 20230630, date
    vouchers.append(dict(series=series, date=date, text=text, reg=reg or date,
                         rows=rows, seq=len(vouchers)))


def r(acc, amount, obj=None, text=None):
    return (acc, obj, amount, text)


def invoice(date, supplier, what, lines, vat=0, due=None, pay=True, reg=None):
    """A supplier invoice (series A): costs (acc, obj, net) and VAT to 1641,
    credited to leverantörsskulder; paid from the bank (series B) on `due`
    unless pay is False (it is still open on 2023-06-30)."""
    gross = sum(n for _, _, n in lines) + vat
    text = "%s: %s" % (supplier, what)
    rows = [r(a, n, o) for a, o, n in lines]
    if vat:
        rows.append(r("1641", vat, None, "Ingående mervärdesskatt"))
    rows.append(r("2440", -gross))
    ver("A", date, text, rows, reg=reg)
    if pay:
        assert due, text
        ver("B", due, "Betalning %s" % text,
            [r("2440", gross), r("1930", -gross)])
    return gross


def bank_in(date, text, acc, amount, obj=None):
    ver("B", date, text, [r("1930", amount), r(acc, -amount, obj)])


def bank_out(date, text, acc, amount, obj=None):
    ver("B", date, text, [r(acc, amount, obj), r("1930", -amount)])


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni"]

# --- January: carrying 2022's result, reclassifying, paying 2022's invoices

ver("M", 20230102, "Föregående års resultat förs till balanserat resultat",
    [r("2099", -UB_2022["2099"]), r("2091", UB_2022["2099"])], reg=20230110)
ver("M", 20230131, "Särskild löneskatt 2022 omförs till skatteskuld",
    [r("2940", -UB_2022["2940"]), r("2910", UB_2022["2940"])], reg=20230203)

# Leverantörsskulder at 2022-12-31, paid in January.
ib_payables = [
    (20230110, "Örebro kommun: Coachingteam Örebro oktober-december 2022", ore("968420")),
    (20230131, "Örebro kommun: Samverkansteam Örebro juli-december 2022", ore("548311")),
    (20230112, "Lekebergs kommun: Mottagningsteam Lekeberg juli-december 2022", ore("64123")),
]
ib_payables.append((20230116, "IT-partner i Örebro AB: support och licenser december 2022",
                    -UB_2022["2440"] - sum(a for _, _, a in ib_payables)))
for d, t, a in ib_payables:
    ver("B", d, "Betalning %s (bokförd 2022)" % t, [r("2440", a), r("1930", -a)])

# The 2022 accrual (upplupen kostnad) invoiced in January.
ver("A", 20230118, "Lekebergs kommun: Coachingteam Lekeberg oktober-december 2022 (upplupen 2022)",
    [r("2990", -UB_2022["2990"]), r("2440", UB_2022["2990"])])
ver("B", 20230217, "Betalning Lekebergs kommun: Coachingteam Lekeberg oktober-december 2022",
    [r("2440", -UB_2022["2990"]), r("1930", UB_2022["2990"])])

# Late payment of the Samverkansteam invoice: Örebro kommun charges interest.
invoice(20230214, "Örebro kommun", "dröjsmålsränta, faktura Samverkansteam juli-december 2022",
        [("8510", None, ore("378"))], due=20230315)

# --- Member contributions and other income

bank_in(20230120, "Försäkringskassan: statens medlemsbidrag 2023, första halvåret",
        "3511", ore("2000000"))
bank_in(20230131, "Region Örebro län: medlemsbidrag kvartal 1", "3521", ore("500000"))
bank_in(20230215, "Örebro kommun: medlemsbidrag kvartal 1", "3531", ore("475000"))
bank_in(20230228, "Lekebergs kommun: medlemsbidrag första halvåret", "3532", ore("50000"))
bank_in(20230428, "Region Örebro län: medlemsbidrag kvartal 2", "3521", ore("500000"))
bank_in(20230515, "Örebro kommun: medlemsbidrag kvartal 2", "3531", ore("475000"))
bank_in(20230620, "Försäkringskassan: statens medlemsbidrag 2023, andra halvåret",
        "3511", ore("2000000"))

# Sick-pay refund: 4 541 kr in April, which is what the interim report's
# forecast shows; 3 kr more came on 06-30, so the resultaträkning has 4 544.
bank_in(20230414, "Försäkringskassan: ersättning för höga sjuklönekostnader, februari",
        "3590", ore("4541"))
bank_in(20230630, "Försäkringskassan: ersättning för höga sjuklönekostnader, efterjustering",
        "3590", ore("3"))

bank_in(20230220, "Skatteverket: återbetalning av ingående mervärdesskatt juli-december 2022",
        "1641", UB_2022["1641"])
bank_in(20230331, "Ränta på bankkonto, kvartal 1", "8410", ore("27"))
bank_in(20230630, "Ränta på bankkonto, kvartal 2", "8410", ore("35"))

for i, d in enumerate([20230131, 20230228, 20230331, 20230428, 20230531, 20230630]):
    bank_out(d, "Bankavgifter %s" % MONTHS[i], "6570", ore("110"), "ADM")

# --- Payroll (series L): salaries paid on the 25th (22 June, before
# midsommar), with employer fees and tax withheld; the tax account is paid
# on the 12th of the month after (series B).

FULL, REDUCED = 3142, 1021   # employer fee rates in ten-thousandths

# 2710 and 2730 on 06-30 are June's tax withheld and employer fees. They are
# large because June pays the board's fees for the half-year, the
# semestertillägg and the raise for April-May; one-off amounts are taxed at
# the higher rates for engångsbelopp.
JUNE_FEES = ore("37272")
JUNE_TAX = ore("47252")

# The personnel costs that are not salaries, fixed by the balance sheet:
SEMESTER_2023 = ore("34047.10")                   # semesterlöneskuld 06-30
SEM_FEES_2023 = ore("10697")                      # upplupna sociala avgifter 06-30
PENSION_DEFINED_CONTRIB = ore("27498")            # avgiftsbestämd (AKAP-KL)
PENSION_DEFINED_BENEFIT = ore("30115")            # förmånsbestämd
LONESKATT_2023 = whole_kr(pct(PENSION_DEFINED_CONTRIB, 2426))
OMFORING_Q = ore("61313")                         # förbundschef, strukturellt arbete
PERSONNEL_2023 = ore("522945.10")
FRISKVARD = [(20230315, "Friskvårdsbidrag, förbundschef", ore("2500")),
             (20230420, "Företagshälsovård: hälsoundersökning", ore("2350"))]
fixed_personnel = (
    SEMESTER_2023 + UB_2022["2920"] + SEM_FEES_2023 + UB_2022["2930"]
    + PENSION_DEFINED_CONTRIB + PENSION_DEFINED_BENEFIT + LONESKATT_2023
    - 2 * OMFORING_Q + sum(a for _, _, a in FRISKVARD))

ADMIN_RAISE, CHEF_RAISE = ore("200"), ore("1200")   # lönerevision from April


def make_payroll(chef, admin):
    """Month -> rows of (account, amount, text, fee rate). The raise from
    April is paid from June, with April and May paid retroactively."""
    p = {}
    for m in range(1, 7):
        c, a = chef + (CHEF_RAISE if m == 6 else 0), admin + (ADMIN_RAISE if m == 6 else 0)
        rows = [("5111", c, "Månadslön förbundschef", FULL),
                ("5111", a, "Månadslön administratör 25 %", FULL)]
        if m == 2:
            sick = chef * 2 // 10 // 100 * 100
            rows += [("5111", -sick, "Sjukavdrag förbundschef 6-15 februari", FULL),
                     ("5211", sick * 8 // 10, "Sjuklön dag 2-14", FULL)]
        if m == 4:
            rows.append(("5112", ore("5550"), "Timlön mentor, 6 timmar", REDUCED))
        if m == 5:
            rows.append(("5112", ore("7400"), "Timlön mentor, 8 timmar", REDUCED))
        if m == 6:
            rows += [("5111", 2 * (CHEF_RAISE + ADMIN_RAISE),
                      "Retroaktiv lön april-maj efter lönerevision", FULL),
                     ("5291", chef * 8 // 100 // 100 * 100, "Semestertillägg", FULL),
                     ("5112", ore("8325"), "Timlön mentor, 9 timmar", REDUCED)]
            # The board's fees for the half-year, paid in June: the amount
            # makes June's employer fees the 37 272 on the balance sheet.
            full = sum(x for _, x, _, rate in rows if rate == FULL)
            red = sum(x for _, x, _, rate in rows if rate == REDUCED)
            board = next(b for b in range(0, ore("100000"), 100)
                         if whole_kr(pct(full + b, FULL)) + whole_kr(pct(red, REDUCED))
                         == JUNE_FEES)
            rows.append(("5020", board, "Arvoden styrelsen januari-juni", FULL))
        p[m] = rows
    return p


def payroll_cost(p):
    total = 0
    for rows in p.values():
        full = sum(a for _, a, _, rate in rows if rate == FULL)
        red = sum(a for _, a, _, rate in rows if rate == REDUCED)
        total += sum(a for _, a, _, _ in rows) + whole_kr(pct(full, FULL)) + \
            whole_kr(pct(red, REDUCED))
    return total


# The förbundschef's salary: the highest (in hundreds) that leaves a small
# positive remainder for occupational health care (företagshälsovård) in May.
ADMIN_SALARY = ore("8500")
for chef in range(ore("55000"), ore("35000"), -ore("100")):
    payroll = make_payroll(chef, ADMIN_SALARY)
    rest = PERSONNEL_2023 - fixed_personnel - payroll_cost(payroll)
    if 0 < rest < ore("3000"):
        break
else:
    raise AssertionError("no salary fits")
FRISKVARD.append((20230522, "Företagshälsovård: bildskärmsglasögon", rest))


def tax_of(rows):
    """Preliminary tax withheld (whole kronor): table tax approximated."""
    t = 0
    for acc, a, text, _ in rows:
        if acc == "5112":
            rate = 3000
        elif acc == "5020":
            rate = 3200
        elif "förbundschef" in text or "Sjuk" in text:
            rate = 3550
        else:
            rate = 2950
        t += pct(a, rate)
    return whole_kr(t)


def book_payroll(month, rows, tax=None):
    d = [20230125, 20230224, 20230324, 20230425, 20230525, 20230622][month - 1]
    full = sum(a for _, a, _, rate in rows if rate == FULL)
    red = sum(a for _, a, _, rate in rows if rate == REDUCED)
    fee_full = whole_kr(pct(full, FULL))
    fee_red = whole_kr(pct(red, REDUCED))
    gross = sum(a for _, a, _, _ in rows)
    tax = tax if tax is not None else tax_of(rows)
    vrows = [r(a, v, None, t) for a, v, t, _ in rows]
    vrows.append(r("5611", fee_full))
    if fee_red:
        vrows.append(r("5612", fee_red, None, "Mentorn, född 1952"))
    vrows.append(r("2730", -(fee_full + fee_red), None, "Arbetsgivaravgifter att betala"))
    vrows.append(r("2710", -tax, None, "Avdragen preliminärskatt"))
    vrows.append(r("1930", -(gross - tax), None, "Utbetald nettolön"))
    ver("L", d, "Löner %s 2023" % MONTHS[month - 1], vrows)
    return tax, fee_full + fee_red


# Tax account: December's withholding and fees are paid in January.
agi_due = [20230117, 20230213, 20230313, 20230412, 20230512, 20230612]
prev = (-UB_2022["2710"], -UB_2022["2730"], "december 2022")
for m in range(1, 7):
    t, f, label = prev
    ver("B", agi_due[m - 1], "Skattekonto: arbetsgivardeklaration %s" % label,
        [r("2710", t), r("2730", f), r("1930", -(t + f))])
    tax, fees = book_payroll(m, payroll[m], JUNE_TAX if m == 6 else None)
    prev = (tax, fees, "%s 2023" % MONTHS[m - 1])
# June's withholding and fees stay in 2710 and 2730 on 06-30.

ver("B", 20230213, "Skattekonto: skatteskuld enligt beslut, särskild löneskatt 2021",
    [r("2910", -UB_2022["2910"]), r("1930", UB_2022["2910"])])
ver("B", 20230331, "KPA Pension: avgiftsbestämd ålderspension 2022",
    [r("2950", -UB_2022["2950"]), r("1930", UB_2022["2950"])])
for d, t, a in FRISKVARD:
    bank_out(d, t, "5810", a)

# --- Supplier invoices: interventions (no VAT between the public bodies)

TARGET = {  # H1 2023 cost per intervention (dimension 6), öre
    "CTO": ore("1977400.50"),
    "ATR": ore("101399.40"),
    "SVO": ore("574187"),
    "MTL": ore("139821.10"),
    "CTL": ore("272582"),
    "FMA": 0,
    "IKA": ore("108000"),
    "FSA": ore("122626"),
    "VUT": 0,
    "SSV": ore("44779"),
    "ACT": ore("174561"),
}
ADMIN_2023 = ore("232616.90")

# Arbetsträningsplatser Rosängen: monthly, with VAT; June's is still open.
ATR_MONTH = TARGET["ATR"] // 6
assert ATR_MONTH * 6 == TARGET["ATR"]
open_invoices = []
for i in range(6):
    d = [20230131, 20230228, 20230331, 20230428, 20230531, 20230630][i]
    due = [20230228, 20230331, 20230428, 20230531, 20230630, None][i]
    g = invoice(d, "Örebro kommun, Rosängen", "arbetsträningsplatser %s" % MONTHS[i],
                [("4591", "ATR", ATR_MONTH)], vat=pct(ATR_MONTH, 2500), due=due,
                pay=due is not None)
    if due is None:
        open_invoices.append(g)

# Coachingteam Lekeberg: Q1 invoiced in April, Q2 accrued.
CTL_Q1 = ore("133950.75")
invoice(20230414, "Lekebergs kommun", "Coachingteam Lekeberg januari-mars 2023",
        [("4590", "CTL", CTL_Q1)], due=20230515)

# Mottagningsteam Lekeberg: monthly in arrears; May's invoice (which also
# covers the team's advertising) comes in June and is still open on 06-30;
# June is accrued.
for d, due, m, a in [(20230215, 20230317, "januari", ore("23416.20")),
                     (20230315, 20230414, "februari", ore("23416.20")),
                     (20230414, 20230515, "mars", ore("23416.20")),
                     (20230515, 20230614, "april", ore("22687.45"))]:
    invoice(d, "Lekebergs kommun", "Mottagningsteam Lekeberg %s" % m,
            [("4590", "MTL", a)], due=due)

# Välfärdsguiden (Insatskatalogen), quarterly with VAT.
for d, due, q in [(20230120, 20230220, "kvartal 1"), (20230414, 20230512, "kvartal 2")]:
    invoice(d, "Välfärdsguiden AB", "lokal redaktör och plattform, %s" % q,
            [("4592", "IKA", ore("54000"))], vat=ore("13500"), due=due)

# Utbildning ACT (gruppledarutbildning, 15 deltagare), two parts in Q1.
invoice(20230210, "Institutet för ACT i Mälardalen AB", "gruppledarutbildning ACT, del 1",
        [("4593", "ACT", ore("87280"))], vat=pct(ore("87280"), 2500), due=20230310)
invoice(20230324, "Institutet för ACT i Mälardalen AB", "gruppledarutbildning ACT, del 2",
        [("4593", "ACT", ore("87281"))], vat=pct(ore("87281"), 2500), due=20230424)

# Strukturell samverkan: the regional samverkansträff (61 deltagare), the
# national Finsam conference in Halmstad, the new board's planning day.
invoice(20230322, "Conventum Örebro AB", "samverkansträff 16 mars, lokal och förtäring",
        [("4594", "SSV", ore("12480"))], vat=ore("2160"), due=20230421)
invoice(20230329, "Föreläsning Väst HB", "föreläsning samverkansträff 16 mars",
        [("4594", "SSV", ore("6000"))], due=20230428)
invoice(20230412, "Nationella nätverket för samordningsförbund", "Finsamkonferensen Ge och få, 8 deltagare",
        [("4594", "SSV", ore("19600"))], vat=ore("4900"), due=20230512)
invoice(20230426, "Hotell Tylösand AB", "logi Finsamkonferensen, 3 rum",
        [("4594", "SSV", ore("3904"))], vat=ore("468.48"), due=20230526)
ssv_rest = TARGET["SSV"] - ore("12480") - ore("6000") - ore("19600") - ore("3904")
invoice(20230519, "Wiredaleds gård AB", "planeringsdag och styrelseutbildning, lokal och lunch",
        [("4594", "SSV", ssv_rest)], vat=pct(ssv_rest, 1200), due=20230619)

# Förbundschefens strukturövergripande arbete: a quarter of her time, moved
# from personnel costs to the intervention each quarter.
for d, q in [(20230331, "januari-mars"), (20230630, "april-juni")]:
    ver("M", d, "Omföring förbundschefens strukturövergripande arbete %s" % q,
        [r("4595", OMFORING_Q, "FSA"), r("5999", -OMFORING_Q)],
        reg=20230405 if d < 20230630 else 20230810)

# --- Supplier invoices: administration (object ADM)

def adm(date, supplier, what, acc, net, vat=0, due=None, pay=True):
    return invoice(date, supplier, what, [(acc, "ADM", net)], vat=vat, due=due, pay=pay)


RENT_Q = ore("19350")
adm(20230105, "Fastighets AB Kansliet", "hyra kontor januari-mars", "6110", RENT_Q, due=20230131)
adm(20230405, "Fastighets AB Kansliet", "hyra kontor april-juni", "6110", RENT_Q, due=20230428)
adm(20230615, "Fastighets AB Kansliet", "hyra kontor juli-september", "6110", RENT_Q, due=20230630)
adm(20230112, "Länsförsäkringar Bergslagen", "förbundets försäkringar 2023", "6310", ore("6750"),
    due=20230210)
adm(20230125, "Nationella nätverket för samordningsförbund", "medlemsavgift 2023", "6950",
    ore("11500"), due=20230224)
adm(20230208, "Webbyrån Närke AB", "webbplats, drift och support 2023", "6550", ore("9600"),
    vat=ore("2400"), due=20230310)
for i in range(6):
    d = [20230110, 20230210, 20230310, 20230411, 20230510, 20230612][i]
    due = [20230209, 20230310, 20230411, 20230510, 20230609, None][i]
    net = [ore("1148"), ore("1148"), ore("1190"), ore("1148"), ore("1148"), ore("1212")][i]
    g = adm(d, "Telia Sverige AB", "telefoni %s" % MONTHS[i], "6212", net, vat=pct(net, 2500),
            due=due, pay=due is not None)
    if due is None:
        open_invoices.append(g)
adm(20230413, "Örebro kommun", "ekonomi- och lönetjänster januari-mars", "6420", ore("15900"),
    vat=ore("3975"), due=20230512)
adm(20230228, "Stadium Kontor AB", "kontorsmaterial", "6910", ore("1236"), vat=ore("309"),
    due=20230330)
adm(20230525, "Stadium Kontor AB", "kontorsmaterial", "6910", ore("844"), vat=ore("211"),
    due=20230626)
adm(20230316, "SJ AB", "tågresor förbundschefsnätverket Stockholm", "7010", ore("2170"),
    vat=ore("130.20"), due=20230417)
adm(20230509, "SJ AB", "tågresor NNS nätverksträff", "7010", ore("1894"), vat=ore("113.64"),
    due=20230608)
adm(20230302, "Kompetensforum AB", "kurs offentlig upphandling, förbundschef", "7110",
    ore("6900"), vat=ore("1725"), due=20230403)
for d, due, what, net in [(20230221, 20230322, "styrelsemöte februari, förtäring", ore("1980")),
                          (20230425, 20230525, "styrelsemöte april, förtäring", ore("2310")),
                          (20230613, 20230630, "styrelsemöte juni, förtäring", ore("2244"))]:
    adm(d, "Restaurang Kungsgatan AB", what, "7610", net, vat=pct(net, 1200), due=due)
adm(20230505, "Dataskyddsbyrån i Sverige AB", "dataskyddsombud, uppstart och avtal 2023",
    "6430", ore("14500"), vat=ore("3625"), due=20230605)
adm(20230522, "Svensk Revision AB", "granskning av årsredovisning 2022, slutfaktura",
    "6410", ore("16400"), vat=ore("4100"), due=20230621)
adm(20230418, "Kommunjuristerna i Mälardalen AB", "granskning av förbundsordning och styrdokument",
    "6430", ore("18000"), vat=ore("4500"), due=20230517)

# The IT invoice carries what VAT the half-year still needs: the VAT
# receivable on 06-30 is the period's input VAT, 136 594 kr.
VAT_2023 = ore("136594")
vat_so_far = sum(v for x in vouchers for a, _, v, _ in x["rows"] if a == "1641" and v > 0)
it_vat = VAT_2023 - vat_so_far
it_net = it_vat * 4
assert 0 < it_net < ore("100000"), fmt(it_net)
adm(20230605, "IT-partner i Örebro AB", "IT-tjänster, licenser och support januari-juni",
    "6540", it_net, vat=it_vat, due=20230630)

# --- Leverantörsskulder on 06-30 are the open invoices: Rosängen's and
# Telia's for June, and Mottagningsteam Lekeberg's for May, whose amount is
# what the balance needs.
LEV_2023 = ore("52108")
mtl_may = LEV_2023 - sum(open_invoices)
assert ore("15000") < mtl_may < ore("35000"), fmt(mtl_may)
invoice(20230614, "Lekebergs kommun", "Mottagningsteam Lekeberg maj, inkl. annonsering",
        [("4590", "MTL", mtl_may)], pay=False)

# --- Period end, 2023-06-30 (series M, registered in August)

REG = 20230810
ver("M", 20230630, "Förutbetald kostnad: hyra kontor juli-september",
    [r("1710", RENT_Q), r("6110", -RENT_Q, "ADM")], reg=REG)
ver("M", 20230630, "Förutbetald intäkt: statens medlemsbidrag andra halvåret 2023",
    [r("3511", ore("2000000")), r("2970", ore("-2000000"))], reg=REG)
ver("M", 20230630, "Semesterlöneskuld enligt semesterlista per 30 juni",
    [r("5290", SEMESTER_2023 + UB_2022["2920"]),
     r("2920", -(SEMESTER_2023 + UB_2022["2920"]))], reg=REG)
ver("M", 20230630, "Upplupna sociala avgifter på semesterlöneskulden",
    [r("5615", SEM_FEES_2023 + UB_2022["2930"]),
     r("2930", -(SEM_FEES_2023 + UB_2022["2930"]))], reg=REG)
ver("M", 20230630, "Upplupen pensionskostnad januari-juni",
    [r("5710", PENSION_DEFINED_CONTRIB, None, "Avgiftsbestämd ålderspension"),
     r("5710", PENSION_DEFINED_BENEFIT, None, "Förmånsbestämd ålderspension"),
     r("2950", -(PENSION_DEFINED_CONTRIB + PENSION_DEFINED_BENEFIT))], reg=REG)
ver("M", 20230630, "Upplupen särskild löneskatt 24,26 % på avgiftsbestämd pension",
    [r("5750", LONESKATT_2023), r("2940", -LONESKATT_2023)], reg=REG)

# Upplupna kostnader: what was used but not yet invoiced. Each
# intervention's accrual is what its half-year needs beyond its invoices;
# the audit's is what the administration's half-year needs; Coachingteam
# Örebro's April-June accrual is what makes the accruals add up to the
# balance sheet's 1 796 139.10, and its January-March invoice the rest.
UPPLUPNA_2023 = ore("1796139.10")


def booked(acc_prefixes, obj):
    return sum(v for x in vouchers for a, o, v, _ in x["rows"]
               if o == obj and any(a.startswith(p) for p in acc_prefixes))


adm_booked = sum(v for x in vouchers for a, o, v, _ in x["rows"] if a[0] in "67")
accruals = [
    ("4590", "SVO", TARGET["SVO"] - booked(["45"], "SVO"),
     "Samverkansteam Örebro januari-juni (faktureras halvårsvis)"),
    ("4590", "CTL", TARGET["CTL"] - booked(["45"], "CTL"), "Coachingteam Lekeberg april-juni"),
    ("4590", "MTL", TARGET["MTL"] - booked(["45"], "MTL"), "Mottagningsteam Lekeberg juni"),
    ("6420", "ADM", ore("15900"), "Ekonomi- och lönetjänster april-juni"),
]
accruals.append(("6410", "ADM", ADMIN_2023 - adm_booked - ore("15900"),
                 "Revision 2023, upplupen andel januari-juni"))
cto_q2 = UPPLUPNA_2023 - sum(a for _, _, a, _ in accruals)
cto_q1 = TARGET["CTO"] - cto_q2
accruals.insert(0, ("4590", "CTO", cto_q2,
                    "Coachingteam Örebro april-juni enligt kostnadsunderlag"))
for _, _, a, t in accruals:
    assert a > 0, t
ver("M", 20230630, "Upplupna kostnader per 30 juni",
    [r(a, v, o, t) for a, o, v, t in accruals] + [r("2990", -UPPLUPNA_2023)], reg=REG)
invoice(20230418, "Örebro kommun", "Coachingteam Örebro januari-mars 2023",
        [("4590", "CTO", cto_q1)], due=20230517)

# ---------------------------------------------------------------------------
# Number the vouchers per series in date order, and compute the balances.

SERIES_ORDER = "ABLM"
vouchers.sort(key=lambda x: (SERIES_ORDER.index(x["series"]), x["date"], x["seq"]))
count = {}
for x in vouchers:
    count[x["series"]] = count.get(x["series"], 0) + 1
    x["number"] = count[x["series"]]

bal = dict(UB_2022)   # IB 2023 = UB 2022, then the period's rows
res = {}
by_obj = {}
for x in vouchers:
    for a, o, v, _ in x["rows"]:
        if a[0] in "12":
            bal[a] = bal.get(a, 0) + v
        else:
            res[a] = res.get(a, 0) + v
            if o:
                by_obj[o] = by_obj.get(o, 0) + v

# ---------------------------------------------------------------------------
# Every target, asserted.

UB_2023 = {
    "1641": ore("136594"), "1710": ore("19350"), "1930": ore("6134556.50"),
    "2091": ore("-2359937.30"), "2099": 0,
    "2211": ore("-113000"), "2215": ore("-27413"),
    "2440": ore("-52108"), "2710": ore("-47252"), "2730": ore("-37272"),
    "2910": ore("-15041"), "2920": ore("-34047.10"), "2930": ore("-10697"),
    "2940": ore("-6671"), "2950": ore("-57613"), "2970": ore("-2000000"),
    "2990": ore("-1796139.10"),
}
for a in set(UB_2023) | set(bal):
    assert bal.get(a, 0) == UB_2023.get(a, 0), (a, fmt(bal.get(a, 0)))


def sum_res(prefixes, d=res):
    return sum(v for a, v in d.items() if any(a.startswith(p) for p in prefixes))


assert sum_res(["351", "352", "353"]) == ore("-4000000")
assert res["3511"] == ore("-2000000") and res["3521"] == ore("-1000000")
assert res["3531"] == ore("-950000") and res["3532"] == ore("-50000")
assert res["3590"] == ore("-4544")
assert sum_res(["45"]) == ore("3515356")
assert sum_res(["5"]) == PERSONNEL_2023, fmt(sum_res(["5"]))
assert sum_res(["6", "7"]) == ADMIN_2023, fmt(sum_res(["6", "7"]))
assert sum_res(["84"]) == ore("-62") and sum_res(["85"]) == ore("378")
assert sum(res.values()) == ore("266690"), fmt(sum(res.values()))
for o, t in TARGET.items():
    assert by_obj.get(o, 0) == t, (o, fmt(by_obj.get(o, 0)))
# Every direct cost carries its intervention.
for x in vouchers:
    for a, o, v, _ in x["rows"]:
        if a.startswith("45"):
            assert o and o != "ADM", x["text"]
assert sum(UB_2022.values()) == 0 and sum(RES_2022.values()) == 0
assert sum_res(["3"], RES_2022) == ore("-8038717.80")
assert sum_res(["45"], RES_2022) == ore("6131866")
assert sum_res(["5"], RES_2022) == ore("801769")
assert sum_res(["6", "7"], RES_2022) == ore("433433.20")
assert whole_kr(by_obj["CTO"]) == ore("1977401") and by_obj["CTO"] // 100 == 1977400

# ---------------------------------------------------------------------------
# Write the file: CP437, CRLF, #KSUMMA over every record between the two.

lines = []


def q(s):
    assert '"' not in s and "\\" not in s
    return '"%s"' % s


def rec(label, *fields):
    """fields: (text, quoted) or ("{...}", items) for an object list."""
    lines.append((label, fields))


def field_text(f):
    kind, val = f
    if kind == "q":
        return q(val)
    if kind == "list":
        return "{%s}" % " ".join('%s %s' % (d, q(c)) for d, c in val)
    return val


def crc_parts(label, fields):
    parts = [label]
    for kind, val in fields:
        if kind == "list":
            for d, c in val:
                parts += [str(d), c]
        else:
            parts.append(val)
    return parts


P = lambda s: ("p", str(s))   # plain field
Q = lambda s: ("q", s)        # quoted field
L = lambda items: ("list", items)

rec("#PROGRAM", Q("make-example.py"), P("1.0"))
rec("#FORMAT", P("PC8"))
rec("#GEN", P("20230815"))
rec("#SIETYP", P("4"))
rec("#FNAMN", Q("Finsam Lekeberg Örebro"))
rec("#ORGNR", P("222000-2493"))
rec("#RAR", P("0"), P("20230101"), P("20231231"))
rec("#RAR", P("-1"), P("20220101"), P("20221231"))
rec("#OMFATTN", P("20230630"))
rec("#KPTYP", P("KBAS"))
for a, n, t in ACCOUNTS:
    rec("#KONTO", P(a), Q(n))
    rec("#KTYP", P(a), P(t))
rec("#DIM", P("6"), Q("Projekt"))
for c, n in OBJECTS:
    rec("#OBJEKT", P("6"), Q(c), Q(n))
for a in sorted(UB_2022):
    rec("#IB", P("0"), P(a), P(fmt(UB_2022[a])))
for a in sorted(UB_2023):
    if UB_2023[a]:
        rec("#UB", P("0"), P(a), P(fmt(UB_2023[a])))
for a in sorted(UB_2022):
    rec("#UB", P("-1"), P(a), P(fmt(UB_2022[a])))
for a in sorted(res):
    if res[a]:
        rec("#RES", P("0"), P(a), P(fmt(res[a])))
for a in sorted(RES_2022):
    rec("#RES", P("-1"), P(a), P(fmt(RES_2022[a])))
for x in vouchers:
    rec("#VER", P(x["series"]), P(x["number"]), P(x["date"]), Q(x["text"]), P(x["reg"]))
    lines.append("{")
    for a, o, v, t in x["rows"]:
        fields = [P(a), L([(6, o)] if o else []), P(fmt(v))]
        if t:
            fields += [Q(""), Q(t)]
        rec("#TRANS", *fields)
    lines.append("}")

crc = 0
out = ["#FLAGGA 0", "#KSUMMA"]
for item in lines:
    if isinstance(item, str):
        out.append(item)
        continue
    label, fields = item
    out.append(" ".join([label] + [field_text(f) for f in fields]))
    for part in crc_parts(label, fields):
        crc = zlib.crc32(part.encode("cp437"), crc)
out.append("#KSUMMA %d" % crc)

data = ("\r\n".join(out) + "\r\n").encode("cp437")
with open(OUT, "wb") as f:
    f.write(data)

print("%s: %d vouchers (%s), %d bytes" % (
    os.path.relpath(OUT), len(vouchers),
    ", ".join("%s %d" % (s, count[s]) for s in SERIES_ORDER), len(data)))
