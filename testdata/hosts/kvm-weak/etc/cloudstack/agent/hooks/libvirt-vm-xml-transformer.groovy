// agent hook
