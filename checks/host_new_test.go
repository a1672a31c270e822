package checks_test
var newHostCases = []checkCase{}
