package dockermeta

import (
	"strings"
)

// outputNames are the action's outputs in the order it sets them.
func outputNames() []string {
	return []string{"version", "tags", "tag-names", "labels", "annotations", "json",
		"bake-file-tags", "bake-file-labels", "bake-file-annotations", "bake-file"}
}

func (m *meta) result() (*Result, error) {
	setEnv, err := m.setOutputEnv()
	if err != nil {
		return nil, err
	}
	if m.main == "" {
		m.warn("No Docker image version has been generated. Check tags input.")
	}
	res := &Result{Version: m.main, Tags: m.tagList(false), TagNames: m.tagList(true)}
	if len(res.Tags) == 0 {
		m.warn("No Docker tag has been generated. Check tags input.")
	}
	if res.Labels, err = m.ociLabels(m.labels); err != nil {
		return nil, err
	}
	annotations, err := m.ociLabels(m.annotations)
	if err != nil {
		return nil, err
	}
	levels := m.annotationLevels()
	res.Annotations = withLevels(annotations, strings.Split(levels, ","))
	// The bake file takes its levels from "annotations:"+levels split on
	// ":", so only the part before any colon.
	bakeLevels, _, _ := strings.Cut(levels, ":")
	res.Outputs = m.outputs(res, withLevels(annotations, strings.Split(bakeLevels, ",")))
	res.Env = map[string]string{}
	if setEnv {
		for _, name := range outputNames() {
			res.Env[envName(name)] = res.Outputs[name]
		}
	}
	res.Warnings = m.warnings
	return res, nil
}

func (m *meta) outputs(res *Result, bakeAnnotations []string) map[string]string {
	labels := labelObject(res.Labels)
	args := jsonObject{{"DOCKER_META_IMAGES", strings.Join(m.imageNames(), ",")}}
	if m.main != "" { // undefined, and so left out by JSON.stringify
		args = append(args, jsonField{"DOCKER_META_VERSION", m.main})
	}
	tags := nonNil(res.Tags)
	bake := func(def jsonObject) string {
		return jsonStringify(jsonObject{{"target", jsonObject{{m.in.BakeTarget, def}}}}, "  ")
	}
	return map[string]string{
		"version":     res.Version,
		"tags":        strings.Join(res.Tags, m.in.SepTags),
		"tag-names":   strings.Join(res.TagNames, m.in.SepTags),
		"labels":      strings.Join(res.Labels, m.in.SepLabels),
		"annotations": strings.Join(res.Annotations, m.in.SepAnnotations),
		"json": jsonStringify(jsonObject{{"tags", tags}, {"tag-names", nonNil(res.TagNames)},
			{"labels", labels}, {"annotations", nonNil(res.Annotations)}}, ""),
		"bake-file-tags":        bake(jsonObject{{"tags", tags}, {"args", args}}),
		"bake-file-labels":      bake(jsonObject{{"labels", labels}}),
		"bake-file-annotations": bake(jsonObject{{"annotations", nonNil(bakeAnnotations)}}),
		"bake-file":             bake(jsonObject{{"tags", tags}, {"labels", labels}, {"args", args}}),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
