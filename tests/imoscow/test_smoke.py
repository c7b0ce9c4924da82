def test_home_page_renders(client, organization):
    response = client.get("/")
    assert response.status_code == 200
    assert "iMoscow" in response.content.decode()
