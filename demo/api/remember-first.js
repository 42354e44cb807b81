window.firstInstance = window.ConsentGate;
