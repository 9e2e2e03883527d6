package htmlreport

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// RunPoint is one run in the plots: its label ("#12") and its counts by outcome.
type RunPoint struct {
	Label  string
	Counts map[string]int
	// Suites are the suites' times in seconds, by suite.
	Suites map[string]float64
}

// MaxPlotRuns bounds the runs a plot shows: the latest ones.
const MaxPlotRuns = 30

// plotOutcomes are the outcomes the run plot stacks, bottom first.
var plotOutcomes = []string{"pass", "warn", "known", "fail", "error", "skip"}

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func newPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	for _, st := range []*draw.TextStyle{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		st.Font.Typeface, st.Font.Variant = sans.Typeface, sans.Variant
	}
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(6)
	return p
}

func hexColour(s string) color.Color {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// OutcomePlot draws the outcomes of each run as stacked bars, one bar per run, labelled with
// the run.
func OutcomePlot(runs []RunPoint) (template.HTML, error) {
	p := newPlot("Outcomes per run", "specs")
	labels := make([]string, len(runs))
	for i, r := range runs {
		labels[i] = r.Label
	}
	width := vg.Points(math.Max(4, math.Min(24, 360/float64(max(len(runs), 1)))))
	var below *plotter.BarChart
	for _, o := range plotOutcomes {
		vals := make(plotter.Values, len(runs))
		total := 0
		for i, r := range runs {
			vals[i] = float64(r.Counts[o])
			total += r.Counts[o]
		}
		if total == 0 {
			continue
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return "", fmt.Errorf("plot outcomes: %w", err)
		}
		bars.Color = hexColour(outcomeColour[o])
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(o, bars)
	}
	p.NominalX(labels...)
	p.Y.Min = 0
	top := 0
	for _, r := range runs {
		total := 0
		for _, o := range plotOutcomes {
			total += r.Counts[o]
		}
		top = max(top, total)
	}
	p.Y.Max = math.Max(1, float64(top)*1.35) // room for the legend above the bars
	return svg(p, 16*vg.Centimeter, 7*vg.Centimeter)
}

// SuitePlot draws each suite's time over the runs, one line per suite.
func SuitePlot(runs []RunPoint) (template.HTML, error) {
	p := newPlot("Time per suite", "seconds")
	var names []string
	labels := make([]string, len(runs))
	for i, r := range runs {
		labels[i] = r.Label
		for s := range r.Suites {
			if !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
	}
	slices.Sort(names)
	palette := []string{"#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f"}
	for i, name := range names {
		var pts plotter.XYs
		for x, r := range runs {
			if v, ok := r.Suites[name]; ok {
				pts = append(pts, plotter.XY{X: float64(x), Y: v})
			}
		}
		line, points, err := plotterLinePoints(pts)
		if err != nil {
			return "", fmt.Errorf("plot suites: %w", err)
		}
		c := hexColour(palette[i%len(palette)])
		line.Color, points.Color = c, c
		p.Add(line, points)
		p.Legend.Add(name, line, points)
	}
	p.NominalX(labels...)
	p.Y.Min = 0
	top := 0.0
	for _, r := range runs {
		for _, v := range r.Suites {
			top = math.Max(top, v)
		}
	}
	p.Y.Max = math.Max(0.01, top*1.4) // room for the legend above the lines
	return svg(p, 16*vg.Centimeter, 7*vg.Centimeter)
}

func plotterLinePoints(pts plotter.XYs) (*plotter.Line, *plotter.Scatter, error) {
	if len(pts) == 0 {
		pts = plotter.XYs{{X: 0, Y: 0}}
	}
	return plotter.NewLinePoints(pts)
}

// svg renders a plot as an inline SVG element.
func svg(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("write plot: %w", err)
	}
	out := b.Bytes()
	// Inline in HTML, the XML declaration is not wanted.
	if i := bytes.Index(out, []byte("<svg")); i > 0 {
		out = out[i:]
	}
	return template.HTML(out), nil // gonum escapes every text it writes
}
