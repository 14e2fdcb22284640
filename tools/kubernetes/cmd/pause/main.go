// The pod sandbox's process (what upstream's build/pause/linux/pause.c does): hold the pod's namespaces, reap
// zombies when it is PID 1 of a shared PID namespace, exit on SIGINT or SIGTERM. No image can be pulled here, so the
// cluster builds its sandbox image from this.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s == syscall.SIGCHLD {
			for {
				pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
			continue
		}
		os.Exit(0)
	}
}
