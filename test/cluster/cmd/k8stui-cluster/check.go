package main

func runCheck(args []string) error { return nil }
