"""report.html: the analysis as a static page a person can read. Bias metrics as tables with what each
metric means and where its fair value is; SHAP values as horizontal bars drawn with plain HTML/CSS.
No JavaScript and nothing fetched, so the page opens the same from S3, a download or Studio."""
import datetime
import html

# What each metric measures, how to read it, and its range (smclarify, the SageMaker Developer Guide).
MEANINGS = {
    "CI": ("Whether facet d is under-represented: (n_a − n_d)/(n_a + n_d). Positive: d has fewer rows.",
           "[−1, 1], 0"),
    "DPL": ("Difference in the share of positive labels, a minus d. Positive: a gets positive labels more often.",
            "[−1, 1], 0"),
    "KL": ("How far the label distribution of a is from that of d (Kullback-Leibler divergence).", "[0, ∞), 0"),
    "JS": ("Symmetric divergence between the label distributions of a and d (Jensen-Shannon).", "[0, ln 2), 0"),
    "LP": ("Euclidean (L2) distance between the label distributions of a and d.", "[0, √2], 0"),
    "TVD": ("Half the L1 distance between the label distributions of a and d.", "[0, 1], 0"),
    "KS": ("Largest difference between the label distributions of a and d.", "[0, 1], 0"),
    "CDDL": ("Demographic disparity of the labels within the group_variable's subgroups, weighted by size. "
             "Positive: d is over-represented among rejections.", "[−1, 1], 0"),
    "DPPL": ("Difference in the share of positive predictions, a minus d.", "[−1, 1], 0"),
    "DI": ("Ratio of the share of positive predictions, d over a. Below 1: d is predicted positive less often.",
           "[0, ∞), 1"),
    "DCA": ("Observed over predicted positives, a minus d. Positive: the model accepts d beyond what its labels "
            "justify relative to a.", "(−∞, ∞), 0"),
    "DCR": ("Observed over predicted negatives, d minus a. Positive: d is rejected less than its labels justify "
            "relative to a.", "(−∞, ∞), 0"),
    "RD": ("Recall (true-positive rate) of a minus that of d. Positive: positives in d are missed more often.",
           "[−1, 1], 0"),
    "SD": ("Specificity (true-negative rate) of d minus that of a.", "[−1, 1], 0"),
    "DAR": ("Precision of a minus precision of d: how much more often a positive prediction is right for a.",
            "[−1, 1], 0"),
    "DRR": ("Share of negative predictions that are right, d minus a.", "[−1, 1], 0"),
    "AD": ("Accuracy of a minus accuracy of d. Positive: the model is less accurate for d.", "[−1, 1], 0"),
    "CDDPL": ("Conditional demographic disparity of the predictions within the group_variable's subgroups.",
              "[−1, 1], 0"),
    "TE": ("False negatives over false positives, d minus a: whether the two groups get different kinds of errors.",
           "(−∞, ∞), 0"),
    "FT": ("Flip test: share of d whose prediction differs from what their nearest neighbours in a got "
           "(more favourable minus less favourable).", "[−1, 1], 0"),
    "GE": ("Generalized entropy (α = 2) of the benefits ŷ − y + 1 over all rows: inequality of outcomes.",
           "[0, 0.5], 0"),
}

STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 70rem;
       color: #1d2329; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d5dbe1; }
h3 { margin-bottom: .4rem; } .muted { color: #5f6b76; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e6eaee; vertical-align: top; }
th { background: #f3f5f7; } td.num { font-family: ui-monospace, Menlo, monospace; white-space: nowrap; }
td.err { color: #a4262c; } .bars td { border: none; padding: .15rem .6rem; }
.bar { height: 1rem; background: #2f6fb0; border-radius: 2px; } .bar.neg { background: #c2532b; }
.track { width: 28rem; background: #f3f5f7; } .viol { color: #a4262c; }
"""


def _value(m):
    if "value" not in m:
        return f'<td class="num err">error</td>'
    v = m["value"]
    text = v if isinstance(v, str) else f"{v:.4g}"
    return f'<td class="num">{html.escape(text)}</td>'


def _bias(title, section):
    out = [f"<h2>{html.escape(title)}</h2>",
           f'<p class="muted">Label <b>{html.escape(str(section.get("label")))}</b>, positive when '
           f'<b>{html.escape(str(section.get("label_value_or_threshold")))}</b>. '
           "Facet d is the rows with the value shown; a is the rest.</p>"]
    for facet, entries in section.get("facets", {}).items():
        for entry in entries:
            out.append(f"<h3>{html.escape(str(facet))} = {html.escape(str(entry['value_or_threshold']))}</h3>")
            out.append("<table><tr><th>Metric</th><th>Value</th><th>Range, fair value</th><th>Meaning</th></tr>")
            for m in entry["metrics"]:
                meaning, span = MEANINGS.get(m["name"], ("", ""))
                if "error" in m:
                    meaning = f"Not computed: {m['error']}"
                out.append(f"<tr><td><b>{html.escape(m['name'])}</b><br><span class=\"muted\">"
                           f"{html.escape(m['description'])}</span></td>{_value(m)}"
                           f"<td class=\"num\">{html.escape(span)}</td><td>{html.escape(meaning)}</td></tr>")
            out.append("</table>")
    return out


def _shap(kernel):
    out = ["<h2>Feature attributions (Kernel SHAP)</h2>",
           '<p class="muted">Global SHAP values: how much each feature moves the model output from the '
           "expected value, aggregated over the rows.</p>"]
    for label, explanation in kernel.items():
        values = explanation.get("global_shap_values", {})
        out.append(f"<h3>{html.escape(str(label))}</h3>")
        out.append(f'<p class="muted">Expected value {explanation.get("expected_value", 0):.4g}</p>')
        top = max((abs(v) for v in values.values()), default=0) or 1
        out.append('<table class="bars">')
        for feature, v in sorted(values.items(), key=lambda kv: -abs(kv[1])):
            width = 100 * abs(v) / top
            cls = "bar neg" if v < 0 else "bar"
            out.append(f"<tr><td>{html.escape(str(feature))}</td><td class=\"track\"><div class=\"{cls}\" "
                       f"style=\"width:{width:.1f}%\"></div></td><td class=\"num\">{v:.4g}</td></tr>")
        out.append("</table>")
    return out


def render(title, analysis, rows=None, violations=None):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<p class="muted">SageMaker Clarify analysis, {now}' + (f", {rows} rows" if rows is not None else "")
            + "</p>"]
    if violations is not None:
        body.append(f'<p class="{"viol" if violations else "muted"}">{len(violations)} constraint violation(s)</p>')
        if violations:
            body.append("<ul>" + "".join(f"<li>{html.escape(v.get('description', ''))} "
                                         f"({html.escape(str(v.get('metric_name')))})</li>" for v in violations)
                        + "</ul>")
    if "pre_training_bias_metrics" in analysis:
        body += _bias("Pre-training bias", analysis["pre_training_bias_metrics"])
    if "post_training_bias_metrics" in analysis:
        body += _bias("Post-training bias", analysis["post_training_bias_metrics"])
    kernel = (analysis.get("explanations") or {}).get("kernel_shap")
    if kernel:
        body += _shap(kernel)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
