class VietnameseByDefaultMiddleware:
    """The interface is Vietnamese unless the user picks English in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a browser set up
    in English (common on office machines) would show English to everyone. Dropping the header
    leaves the language cookie set by the picker, then LANGUAGE_CODE ("vi").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
